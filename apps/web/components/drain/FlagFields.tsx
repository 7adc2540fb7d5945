// The drain form's flag controls, one per row of @podscope/drain's flag table: a flag added there appears here
// with its label, short hint, kubectl's help as the tooltip, its placeholder and its error in kubectl's words.
import { inputClass } from "@/components/Panel";
import { flagControls, type DrainForm, type FlagControl } from "./flags";

const CONTROLS = flagControls();

function Check({ c, checked, onChange }: { c: FlagControl; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className="flex items-start gap-2 text-sm" title={c.help}>
      <input type="checkbox" className="mt-0.5" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>
        <code>{c.label}</code>
        <span className="block text-xs text-slate-500 dark:text-slate-400">{c.hint}</span>
      </span>
    </label>
  );
}

function TextFlag({
  c,
  value,
  placeholder,
  onChange,
  error,
  first,
}: {
  c: FlagControl;
  value: string;
  placeholder: string;
  onChange: (v: string) => void;
  error?: string;
  first: boolean;
}) {
  // The first text flag starts a new row, below the checkboxes, however many checkboxes the table has.
  return (
    <label className={`flex flex-col gap-1 text-sm ${first ? "col-start-1" : ""}`} title={c.help}>
      <code>{c.label}</code>
      <input
        aria-label={c.label}
        className={`${inputClass} ${error ? "border-red-500 dark:border-red-500" : ""}`}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
      <span
        className={`text-xs ${error ? "text-red-700 dark:text-red-400" : "text-slate-500 dark:text-slate-400"}`}
        role={error ? "alert" : undefined}
      >
        {error ?? c.hint}
      </span>
    </label>
  );
}

export function FlagFields({
  form,
  errors,
  set,
}: {
  form: DrainForm;
  errors: Partial<Record<keyof DrainForm, string>>;
  set: <K extends keyof DrainForm>(k: K, v: DrainForm[K]) => void;
}) {
  const firstText = CONTROLS.find((c) => c.kind === "text");
  return (
    <fieldset className="mb-3 grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
      <legend className="mb-1 text-sm font-medium">kubectl drain flags</legend>
      {CONTROLS.map((c) =>
        c.kind === "check" ? (
          <Check key={c.key} c={c} checked={form[c.key]} onChange={(v) => set(c.key, v)} />
        ) : (
          <TextFlag
            key={c.key}
            c={c}
            value={form[c.key]}
            placeholder={c.placeholder}
            onChange={(v) => set(c.key, v)}
            error={errors[c.key]}
            first={c === firstText}
          />
        ),
      )}
    </fieldset>
  );
}
