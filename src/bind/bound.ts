// torch.* functions and Tensor methods bound from ATen schemas: `bound("sum")` is a function that
// binds its arguments the way PyTorch's python_arg_parser binds torch.sum (overloads tried in
// PyTorch's order, positional or keyword, types checked), then dispatches the chosen overload.
// The matching Tensor method (`x.sum(...)`, self bound to `this`) is attached under METHOD.
import type { Tensor } from "../tensor/tensor.js";
import { dispatch } from "../ops/dispatch.js";
import { op as opByKey, type OpOverload } from "../ops/registry.js";
import { AtenParser, type Parsed } from "./aten.js";
import type { AtenKwargNames } from "./aten_kwargs.generated.js";
import type { PySignature } from "./python.js";

/** The property holding a bound function's Tensor-method form (a plain string key: declaration
 * files name it without importing a symbol). */
export const METHOD = "__method__";

/** The keyword-arguments object of an ATen-bound function (names from its schemas; editors complete them). */
export type AtenKwargs<P extends keyof AtenKwargNames> = { [K in AtenKwargNames[P]]?: unknown };

/** What every bound function carries besides its call signatures. */
export interface BoundExtras<R> {
  /** The Tensor-method form (self bound to `this`). */
  __method__: (this: Tensor, ...args: unknown[]) => R;
  /** The overload and arguments a call would dispatch (nothing runs): for tests and tools. */
  parse?: (...args: unknown[]) => Parsed;
}
/** An ATen-bound function whose keyword names are known: editors complete the trailing object. */
export interface AtenCallable<R, K> extends BoundExtras<R> {
  /** Positional arguments, then the keyword arguments (names from the op's schemas). */
  (...args: [...unknown[], K]): R;
  (...args: unknown[]): R;
}
export interface LooseCallable<R> extends BoundExtras<R> {
  (...args: unknown[]): R;
}
/** A bound function: `(...args, kwargs?)`, with its Tensor-method form. `P` names its ATen packet. */
export type BoundFn<R = Tensor, P extends keyof AtenKwargNames = never> = [P] extends [never] ? LooseCallable<R> : AtenCallable<R, AtenKwargs<P>>;

/** What runs once an overload is picked (default: dispatch it). */
export type Handler = (p: Parsed) => unknown;

/** Multiple results with names in the schema (`(Tensor values, Tensor indices)`) read as fields too. */
export function namedResult(op: OpOverload, out: unknown): unknown {
  const rets = op.schema.returns;
  if (rets.length < 2 || !Array.isArray(out) || !rets.every((r) => r.name)) return out;
  const arr = out as unknown[] & Record<string, unknown>;
  rets.forEach((r, i) => (arr[r.name] = arr[i]));
  return arr;
}

export const runParsed: Handler = (p) => namedResult(p.op, dispatch(p.op, p.args, p.kwargs));

/** Calls overload `key` with a parse's arguments (a CompositeImplicit op PyTorch's trace replaces). */
export const redirectTo = (key: string, map?: (p: Parsed) => Parsed): Handler => {
  let target: OpOverload | undefined;
  return (p) => {
    target ??= opByKey(key);
    const q = map ? map(p) : p;
    return namedResult(target, dispatch(target, q.args, q.kwargs));
  };
};

export interface BoundOptions {
  /** ATen packets whose overloads form the Python binding (default: the name itself). */
  packets?: string[];
  /** Keeps only some overloads (e.g. those with a Python binding under this name). */
  filter?: (o: OpOverload) => boolean;
  /** Per overload key ("max.other"): what to do instead of dispatching it. */
  on?: Record<string, Handler>;
  /** Runs before dispatch on every parse (argument checks PyTorch makes in Python or C++). */
  check?: (p: Parsed) => void;
}

/** A function written in Python in PyTorch (torch/functional.py, Tensor methods in _tensor.py, a
 * manual binding): `sig` binds `(...args, kwargs?)` and `impl` gets one value per parameter; the
 * method form binds `this` as the first parameter. */
export function pyBound<R>(sig: PySignature, impl: (...values: never[]) => R): LooseCallable<R> {
  const run = impl as (...v: unknown[]) => R;
  const f = ((...args: unknown[]) => run(...sig.bindCall(args))) as LooseCallable<R>;
  f[METHOD] = function (this: Tensor, ...args: unknown[]) {
    return run(...sig.bindCall([this, ...args]));
  };
  return f;
}

/** Binds `pyName` (torch.<pyName> and Tensor.<pyName>) to its ATen overloads. */
export function bound<R = Tensor, N extends string = string>(pyName: N, options: BoundOptions = {}): BoundFn<R, N extends keyof AtenKwargNames ? N : never> {
  const packets = options.packets ?? [pyName];
  let fnParser: AtenParser | undefined;
  let methodParser: AtenParser | undefined;
  const on = options.on;
  const check = options.check;
  const finish = (p: Parsed): R => {
    if (check) check(p);
    const h = on?.[`${p.op.packetName}.${p.op.overload}`];
    return (h ? h(p) : runParsed(p)) as R;
  };
  const functionParser = () => (fnParser ??= new AtenParser(pyName, packets, false, options.filter));
  const fn = function (...args: unknown[]): R {
    return finish(functionParser().parse(undefined, args));
  } as BoundFn<R>;
  fn[METHOD] = function (this: Tensor, ...args: unknown[]): R {
    methodParser ??= new AtenParser(pyName, packets, true, options.filter);
    return finish(methodParser.parse(this, args));
  };
  fn.parse = (...args: unknown[]) => functionParser().parse(undefined, args);
  Object.defineProperty(fn, "name", { value: pyName });
  return fn as never;
}
