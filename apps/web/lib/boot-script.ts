// Runs inline in <head> before first paint. A plain module (not "use client"): the server layout inlines it, so
// the storage keys and URL parameters it reads are defined here and imported by the client modules that use them.
//  - The saved theme and presenter mode are applied at once, so the page never flashes light-then-dark.
//  - On the pod list, the list's first rows (and the source list) are asked for at once, while the page's scripts
//    still load: lib/boot-answers.ts hands them to the list, which shows them before its WebSocket has answered.
export const THEME_KEY = "podscope.theme";
export const PRESENTER_KEY = "podscope.presenter";
export const TOKEN_KEY = "podscope.token";
/** The namespace filter's URL parameter, shared by every list. */
export const NAMESPACE_PARAM = "ns";
/** Where the boot script leaves its early answers: the JSON of a tRPC batch of sources.list and pods.firstRows. */
export const BOOT_ANSWERS = "__podscopeBoot";
/** The batch the boot script asks for; its answers come in this order. */
export const BOOT_BATCH = "sources.list,pods.firstRows";

const theme =
  `var t=localStorage.getItem("${THEME_KEY}");` +
  `if(t==="dark"||(!t&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark");` +
  `if(localStorage.getItem("${PRESENTER_KEY}")==="1")document.documentElement.classList.add("presenter");`;

// Not for a list at a past time (?at=): that list is rebuilt from history, not the live first rows.
const firstRows =
  `if(location.pathname==="/pods"){var q=new URLSearchParams(location.search);if(!q.has("at")){` +
  `var i={};if(q.get("source"))i.source=q.get("source");if(q.get("${NAMESPACE_PARAM}"))i.namespace=q.get("${NAMESPACE_PARAM}");` +
  `var k=localStorage.getItem("${TOKEN_KEY}");` +
  `window.${BOOT_ANSWERS}=fetch("/trpc/${BOOT_BATCH}?batch=1&input="+encodeURIComponent(JSON.stringify({1:i})),` +
  `k?{headers:{authorization:"Bearer "+k}}:{}).then(function(r){return r.json()}).catch(function(){return null})}}`;

// Each part on its own: storage refused (a sandboxed frame) must not stop the other.
export const bootScript = `try{${theme}}catch(e){}try{${firstRows}}catch(e){}`;
