// nn.Module instances passed as inputs to an exported forward (torch/_export/utils.py
// _enable_graph_inputs_of_type_nn_module + register_module_as_pytree_input_node): each such
// module's class becomes a pytree node whose leaves are its parameters and buffers (keyed by
// name), so they become inputs of the program and the module passed at run time supplies its own
// weights. PyTorch registers the class only while export (or serialization) runs; pt2js keeps the
// registration from the first export on, because its TreeSpecs hold the node definition itself
// (ep.module() and its calls must see the same one).
import { Module, _withRawAssignment } from "./module.js";
import { Tensor } from "../tensor/tensor.js";
import { MappingKey, register_pytree_node, nodeDefOf } from "../pytree/registry.js";
import { tree_leaves } from "../pytree/flatten.js";

/** PyTorch's PrototypeModule: contexts compare equal by the module's class; the instance rides along. */
class PrototypeModule {
  declare readonly module: Module;
  constructor(
    readonly cls: Function,
    module: Module,
  ) {
    Object.defineProperty(this, "module", { value: module, enumerable: false });
  }
}
type Context = [string[], PrototypeModule];

/** Modules rebuilt around non-tensor leaves (structure-only unflattens): their state by name. */
const STUBS = new WeakMap<object, [string[], unknown[]]>();

function stateOf(m: Module): [string[], Tensor[]] {
  const stub = STUBS.get(m);
  if (stub !== undefined) return stub as [string[], Tensor[]];
  const entries = new Map<string, Tensor>([...m.named_parameters(), ...m.named_buffers()]);
  return [[...entries.keys()], [...entries.values()]];
}

function setState(m: Module, fqn: string, value: Tensor): void {
  const atoms = fqn.split(".");
  let owner = m as unknown as Record<string, unknown>;
  for (const a of atoms.slice(0, -1)) owner = owner[a] as Record<string, unknown>;
  owner[atoms[atoms.length - 1]!] = value;
}

/** The modules whose state was replaced by unflatten (export's fakes), to put back afterwards. */
const replaced: Array<[Module, string, Tensor]> = [];

function register(cls: abstract new (...args: any[]) => Module): void {
  register_pytree_node<Module, Context>(
    cls,
    (m) => {
      const [names, values] = stateOf(m);
      return [values, [names, new PrototypeModule(cls, m)]];
    },
    (values, [names, proto]) => {
      // A structural unflatten (stand-in leaves, not tensors): an instance of the class holding them.
      if (!values.every((v) => v instanceof Tensor)) {
        const stub = Object.create(cls.prototype) as Module;
        STUBS.set(stub, [names, values]);
        return stub;
      }
      const m = proto.module;
      const [, current] = stateOf(m);
      // _reparametrize_module: the same module with the given tensors as its state (restored by
      // withModuleInputs when it ends).
      _withRawAssignment(() =>
        names.forEach((name, i) => {
          if (values[i] !== current[i]) {
            replaced.push([m, name, current[i]!]);
            setState(m, name, values[i] as Tensor);
          }
        }),
      );
      return m;
    },
    {
      serialized_type_name: cls.name,
      flatten_with_keys_fn: (m) => {
        const [names, values] = stateOf(m);
        return [names.map((n, i) => [MappingKey(n), values[i]]), [names, new PrototypeModule(cls, m)]];
      },
      to_dumpable_context: ([names]) => JSON.stringify([names, null]),
      from_dumpable_context: (d) => {
        const [names] = JSON.parse(d as string) as [string[]];
        return [names, new PrototypeModule(cls, new Module())];
      },
    },
  );
}

/** Runs `fn` with the classes of the modules among `inputs`' leaves registered as pytree nodes. */
export function withModuleInputs<T>(inputs: unknown, fn: () => T): T {
  const types = new Set<abstract new (...args: any[]) => Module>();
  for (const leaf of tree_leaves(inputs)) {
    if (leaf instanceof Module && nodeDefOf(leaf) === null) types.add(Object.getPrototypeOf(leaf).constructor);
  }
  for (const t of types) register(t);
  const mark = replaced.length;
  try {
    return fn();
  } finally {
    _withRawAssignment(() => {
      while (replaced.length > mark) {
        const [m, name, original] = replaced.pop()!;
        setState(m, name, original);
      }
    });
  }
}
