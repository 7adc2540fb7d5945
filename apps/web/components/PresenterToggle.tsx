"use client";
// Presenter mode for projectors: every size in the UI is in rem, so a larger root font scales text,
// spacing and tables together. Saved per browser.
import { useEffect, useState } from "react";

import { PRESENTER_KEY as KEY } from "@/lib/boot-script";

export function PresenterToggle() {
  const [on, setOn] = useState(false);
  useEffect(() => setOn(document.documentElement.classList.contains("presenter")), []);
  const toggle = () => {
    const next = !on;
    document.documentElement.classList.toggle("presenter", next);
    localStorage.setItem(KEY, next ? "1" : "0");
    setOn(next);
  };
  return (
    <button
      type="button"
      onClick={toggle}
      aria-pressed={on}
      aria-label="Presenter mode (larger text)"
      className={`rounded-md border px-2 py-1 text-sm ${on ? "border-blue-600 bg-blue-600 text-white" : "border-slate-300 hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"}`}
    >
      A+
    </button>
  );
}
