// Python's warnings.warn for the warnings PyTorch gives (a UserWarning by default). JavaScript has
// no warnings module: they go to console.warn, and `warnings.setHandler` sends them elsewhere
// (a test collecting them, an application's logger, or nowhere).

export interface Warning {
  category: string;
  message: string;
}

export type WarningHandler = (w: Warning) => void;

const toConsole: WarningHandler = (w) => console.warn(`${w.category}: ${w.message}`);
let handler: WarningHandler = toConsole;

export function warn(message: string, category = "UserWarning"): void {
  handler({ category, message });
}

/** Sets where warnings go (null: back to console.warn); returns the previous handler. */
export function setHandler(next: WarningHandler | null): WarningHandler {
  const prev = handler;
  handler = next ?? toConsole;
  return prev;
}
