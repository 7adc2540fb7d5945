// Runs inline in <head> before first paint: applies the saved theme and presenter mode, so the page
// never flashes light-then-dark. A plain module (not "use client"): the server layout inlines it.
export const THEME_KEY = "podscope.theme";
export const PRESENTER_KEY = "podscope.presenter";

export const bootScript =
  `try{var t=localStorage.getItem("${THEME_KEY}");` +
  `if(t==="dark"||(!t&&matchMedia("(prefers-color-scheme: dark)").matches))document.documentElement.classList.add("dark");` +
  `if(localStorage.getItem("${PRESENTER_KEY}")==="1")document.documentElement.classList.add("presenter")}catch(e){}`;
