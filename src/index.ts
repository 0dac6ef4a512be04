// pt2js: torch.export for JavaScript. The runtime-neutral API; the entries in src/entry load the
// WASM core first (top-level await), so every call below is synchronous.
export {
  init,
  isInitialized,
  coreVersion,
  Pt2jsError,
  CoreError,
  OverflowError,
  ZeroDivisionError,
  UnknownSymbolError,
  ExprParseError,
  InvalidArgumentError,
  GraphError,
  GuardError,
  ConstraintViolationError,
  type CoreSource,
} from "./core/index.js";
