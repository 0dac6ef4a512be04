// Serialized operator names → FX call targets (serialize.py deserialize_operator): `_operator.ge`
// is Python's operator module, `torch.ops.aten.add.Tensor` an ATen overload from the op registry,
// `torch.ops.higher_order.cond` a higher-order op, `torch.ops.<ns>.<op>.<overload>` a custom op.
import { makeTarget, operator, registeredHigherOrder, type Target } from "../fx/index.js";
import { lookupOp } from "../ops/registry.js";
import { SerializeError } from "./serialize_errors.js";

const cache = new Map<string, Target>();

/** The target for a serialized operator name; one object per name, so targets compare by identity. */
export function deserializeOperator(serialized: string): Target {
  let t = cache.get(serialized);
  if (t === undefined) {
    t = resolve(serialized);
    cache.set(serialized, t);
  }
  return t;
}

/** Whether the target is a higher-order op (inputs without schema, subgraph arguments). */
export function isHigherOrder(target: Target): boolean {
  return target.qualifiedName.startsWith("torch.ops.higher_order.");
}

/** Whether the target is a Python-level symbolic function (`_operator.*`, `torch.sym_*`, `math.*`). */
export function isSymOp(target: Target): boolean {
  const q = target.qualifiedName;
  return q.startsWith("_operator.") || q.startsWith("torch.sym_") || q.startsWith("math.");
}

function resolve(serialized: string): Target {
  if (serialized.startsWith("_operator.")) {
    const name = serialized.slice("_operator.".length);
    // Own properties only: `_operator.__proto__` / `_operator.constructor` name no operator.
    if (Object.hasOwn(operator, name)) return (operator as Record<string, Target>)[name]!;
    // Names of Object.prototype (`constructor`, `toString`, `__proto__`, ...) are no function of
    // Python's operator module, and tables keyed by operator name would find JS members under them.
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name in Object.prototype) {
      throw new SerializeError(`We failed to resolve ${serialized} to an operator: '${name}' is not a Python identifier`);
    }
    return makeTarget(serialized, name);
  }
  const hop = /^torch\.ops\.higher_order\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(serialized);
  if (hop !== null) return registeredHigherOrder(serialized) ?? makeTarget(serialized, hop[1]!);
  const op = /^torch\.ops\.([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(serialized);
  if (op !== null) {
    const [, ns, packet, overload] = op as unknown as [string, string, string, string];
    const known = ns === "aten" ? lookupOp(`${packet}.${overload}`) : undefined;
    return makeTarget(serialized, packet, known?.isImpure ?? false);
  }
  if (/^(torch\.sym_[a-z_]+|math\.[a-z_]+)$/.test(serialized)) return makeTarget(serialized, serialized.split(".").pop()!);
  throw new SerializeError(
    `We failed to resolve ${serialized} to an operator. Unsupported target type for node: pt2js reads ` +
      "`_operator.*`, `torch.ops.<namespace>.<op>.<overload>` and `torch.ops.higher_order.*` targets.",
  );
}
