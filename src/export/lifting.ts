// Lifting (torch/export/_trace.py, lift_constants_pass.py, and torch/_export/utils.py
// placeholder_naming_pass): the module's parameters, buffers and tensor constants, then the user's
// inputs, become the graph's placeholders, in PyTorch's order and with PyTorch's names
// (`p_fc1_weight`, `b_bn_running_mean`, `c_offset`, `x`, `pair_0`, collisions suffixed as
// `_rename_without_collisions` does). Tensor constants (plain tensor attributes, and tensors the
// model reaches that are none of these: `c_lifted_tensor_N`) are lifted when an op first uses
// them, once per tensor however many attributes hold it, and a `torch.tensor(...)` whose value is
// never used is dropped again, as lift_constants_pass does.
import type { Graph, Node } from "../fx/index.js";
import { tree_leaves_with_path, type KeyPath } from "../pytree/index.js";
import { Parameter } from "../nn/parameter.js";
import { Tensor } from "../tensor/tensor.js";
import type { InputSpec } from "../program/signature.js";
import type { ExportableModule } from "./export.js";
import { moduleCalls } from "./module_stack.js";
import { tensorMeta, type TraceMode } from "./trace_mode.js";

const SUFFIX = /^(.*)_(\d+)/;

/**
 * PyTorch's `_rename_without_collisions`: a taken name gets `<key>_<n+1>`, where n is the highest
 * suffix seen for that key; a placeholder's own trailing `_<n>` is part of its key.
 */
export class PlaceholderNamer {
  private readonly findAvailable = new Map<string, number>();
  private readonly used = new Set<string>();

  name(candidate: string, isPlaceholder: boolean): string {
    let key = candidate;
    if (!isPlaceholder) {
      const m = SUFFIX.exec(candidate);
      if (m !== null) key = m[1]!;
    }
    let name = candidate;
    if (this.used.has(name)) name = `${key}_${(this.findAvailable.get(key) ?? 0) + 1}`;
    const m = SUFFIX.exec(name);
    if (m !== null) {
      const n = Number(m[2]);
      if (n > (this.findAvailable.get(m[1]!) ?? 0)) this.findAvailable.set(m[1]!, n);
    }
    this.used.add(name);
    return name;
  }
}

const PREFIX: Partial<Record<InputSpec["kind"], string>> = { PARAMETER: "p_", BUFFER: "b_", CONSTANT_TENSOR: "c_", CUSTOM_OBJ: "obj_" };

/** A lifted tensor constant, named once tracing is done. */
interface LiftedConstant {
  node: Node;
  spec: InputSpec;
  /** Its value (a real tensor). */
  value: Tensor;
  /** The FQNs it is known by (every attribute holding it), or null for an inline constant. */
  fqns: string[] | null;
  /** For an inline constant: the FQN of the module that first used it. */
  owner: string;
}

/** The lifted state and the user inputs, as placeholders and input specs. */
export class LiftedInputs {
  readonly inputSpecs: InputSpec[] = [];
  /** Parameters and persistent buffers, by FQN (every name of an aliased one, as state_dict). */
  readonly stateDict = new Map<string, Tensor>();
  /** Non-persistent buffers and tensor constants, by FQN. */
  readonly constants = new Map<string, Tensor>();
  /** [fqn, real tensor, fake stand-in] for swapping the module's state while tracing. */
  readonly swaps: Array<[string, Tensor, Tensor]> = [];
  /** User-input tensors' placeholders and fakes, in order. */
  readonly userPlaceholders: Array<[Node, Tensor]> = [];
  private readonly namer = new PlaceholderNamer();
  /** Plain tensor attributes' stand-ins → [real tensor, its FQNs]; lifted on first use. */
  private readonly attrConstants = new Map<Tensor, [Tensor, string[]]>();
  private readonly liftedConstants: LiftedConstant[] = [];
  private tempCount = 0;

  constructor(
    private readonly graph: Graph,
    private readonly mode: TraceMode,
  ) {}

  /**
   * Placeholders for the module's parameters and buffers, then for the user's inputs (forward's
   * arguments, flattened; tensors by their fakes). User inputs are named first, as PyTorch's
   * placeholder naming pass does, so their names win collisions.
   */
  lift(mod: ExportableModule, combined: ReadonlyMap<string, unknown>, fakes: ReadonlyMap<Tensor, Tensor>): void {
    const userLeaves = [...leavesWithPath(combined)];
    const userNames = userLeaves.map(([path]) => this.namer.name(placeholderName(path), true));
    this.liftState(mod);
    userLeaves.forEach(([, leaf], i) => {
      const node = this.graph._exactPlaceholder(userNames[i]!);
      if (leaf instanceof Tensor) {
        const fake = fakes.get(leaf)!;
        node.meta.val = tensorMeta(fake);
        this.mode.bindTensor(fake, node);
        this.userPlaceholders.push([node, fake]);
        this.inputSpecs.push({ kind: "USER_INPUT", arg: { kind: "TensorArgument", name: node.name }, target: null, persistent: null });
      } else {
        node.meta.val = leaf as never;
        this.inputSpecs.push({ kind: "USER_INPUT", arg: { kind: "ConstantArgument", name: node.name, value: leaf }, target: null, persistent: null });
      }
    });
  }

  private liftState(mod: ExportableModule): void {
    const nonPersistent = new Set(mod.non_persistent_buffers?.() ?? []);
    for (const [fqn, p] of mod.named_parameters()) this.liftStateTensor(fqn, p, "PARAMETER", null);
    for (const [fqn, b] of mod.named_buffers()) {
      const persistent = !nonPersistent.has(fqn);
      this.liftStateTensor(fqn, b, "BUFFER", persistent);
      if (!persistent) this.constants.set(fqn, b);
    }
    // ep.state_dict is the module's state_dict (keep_vars): aliases of one tensor under every name.
    const sd = (mod as { state_dict?: (o: { keep_vars: boolean }) => Map<string, Tensor> }).state_dict;
    if (typeof sd === "function") {
      for (const [k, v] of sd.call(mod, { keep_vars: true })) this.stateDict.set(k, v);
    } else {
      for (const [fqn, p] of mod.named_parameters()) this.stateDict.set(fqn, p);
      for (const [fqn, b] of mod.named_buffers()) if (!nonPersistent.has(fqn)) this.stateDict.set(fqn, b);
    }
    // Plain tensor attributes: swapped for stand-ins now, lifted when an op first uses them.
    const byTensor = new Map<Tensor, string[]>();
    for (const [fqn, c] of mod.named_tensor_constants?.() ?? []) {
      const fqns = byTensor.get(c);
      if (fqns === undefined) byTensor.set(c, [fqn]);
      else fqns.push(fqn);
    }
    for (const [c, fqns] of byTensor) {
      const fake = Tensor.fake(c.shape, c.dtype, c._stride, c._offset);
      fake.requires_grad = c.requires_grad;
      for (const fqn of fqns) this.swaps.push([fqn, c, fake]);
      this.attrConstants.set(fake, [c, fqns]);
    }
  }

  private liftStateTensor(fqn: string, t: Tensor, kind: InputSpec["kind"], persistent: boolean | null): void {
    const node = this.graph._exactPlaceholder(this.namer.name(PREFIX[kind]! + stateBaseName(fqn), true));
    const fake = Tensor.fake(t.shape, t.dtype, t._stride, t._offset);
    fake.requires_grad = t.requires_grad;
    node.meta.val = tensorMeta(fake);
    this.mode.bindTensor(fake, node);
    this.swaps.push([fqn, t, fake]);
    this.inputSpecs.push({ kind, arg: { kind: "TensorArgument", name: node.name }, target: fqn, persistent });
  }

  /**
   * A tensor constant an op uses for the first time: a plain tensor attribute's stand-in, or a real
   * tensor export did not see (a captured tensor, a default argument, `torch.tensor(...)`), placed
   * after the other constants and before the user inputs. Named by `finish()`.
   */
  liftConstant(t: Tensor): Node | undefined {
    const attr = this.attrConstants.get(t);
    if (attr === undefined && t.is_fake) return undefined;
    const before = this.userPlaceholders[0]?.[0] ?? this.graph.nodes.find((n) => n.op !== "placeholder") ?? null;
    const point = this.graph.inserting_before(before);
    const node = this.graph.placeholder(`_tensor_constant${this.tempCount++}`);
    point.restore();
    const value = attr !== undefined ? attr[0] : t;
    node.meta.val = tensorMeta(t);
    if (attr !== undefined) this.mode.bindTensor(t, node);
    const spec: InputSpec = { kind: "CONSTANT_TENSOR", arg: { kind: "TensorArgument", name: node.name }, target: "", persistent: null };
    const firstUser = this.inputSpecs.findIndex((s) => s.kind === "USER_INPUT");
    this.inputSpecs.splice(firstUser < 0 ? this.inputSpecs.length : firstUser, 0, spec);
    this.liftedConstants.push({ node, spec, value, fqns: attr?.[1] ?? null, owner: moduleCalls[moduleCalls.length - 1]?.fqn ?? "" });
    return node;
  }

  /**
   * After tracing: drops the constants made by a `torch.tensor(...)` whose value is unused
   * (constant → lift_fresh_copy → detach_, nothing after), then gives the others their targets
   * (`foo`, `lifted_tensor_0`, `sub.lifted_tensor_1`) and names (`c_foo`, `c_lifted_tensor_0`).
   * `subgraphs` are the branch graphs, whose placeholders for a constant carry its name. Returns
   * the new names by the old.
   */
  finish(subgraphs: readonly Graph[]): Map<string, string> {
    const renamed = new Map<string, string>();
    const usedTargets = new Set(this.inputSpecs.filter((s) => s.kind !== "CONSTANT_TENSOR").map((s) => s.target));
    let count = 0;
    for (const c of this.liftedConstants) {
      const dead = unusedConstant(c.node);
      if (dead !== null) {
        for (const n of dead) this.graph.erase_node(n);
        this.inputSpecs.splice(this.inputSpecs.indexOf(c.spec), 1);
        continue;
      }
      // An unregistered nn.Parameter is lifted as a plain tensor (its .data).
      if (c.value instanceof Parameter) c.value = c.value.detach();
      let target: string;
      if (c.fqns !== null) {
        target = c.fqns[0]!;
        for (const fqn of c.fqns) this.constants.set(fqn, c.value);
      } else {
        const fqnOf = (n: number) => (c.owner === "" ? `lifted_tensor_${n}` : `${c.owner}.lifted_tensor_${n}`);
        while (usedTargets.has(fqnOf(count))) count++;
        target = fqnOf(count++);
        this.constants.set(target, c.value);
      }
      usedTargets.add(target);
      const old = c.node.name;
      const name = this.graph._exactRename(c.node, this.namer.name(`c_${stateBaseName(target)}`, true));
      c.node.target = name;
      c.spec.target = target;
      c.spec.arg = { kind: "TensorArgument", name };
      renamed.set(old, name);
      for (const g of subgraphs) for (const n of g.nodes) if (n.op === "placeholder" && n.name === old) n.target = g._exactRename(n, name);
    }
    return renamed;
  }
}

/** placeholder_naming_pass's base name of a state FQN: `bar.l0.weight` → `bar_l0_weight`. */
function stateBaseName(fqn: string): string {
  let x = fqn;
  if (x.startsWith("L__self___")) x = x.slice("L__self___".length);
  else if (x.startsWith("self_")) x = x.slice("self_".length);
  return x.replace(/[^a-zA-Z0-9]/g, "_").toLowerCase();
}

/** lift_constants_pass's `_unused_constant`: the nodes to drop when the constant's value is never used. */
function unusedConstant(node: Node): Node[] | null {
  const users = node.users;
  if (users.length !== 1) return users.length === 0 ? [node] : null;
  const lift = users[0]!;
  const q = (n: Node) => (n.op === "call_function" && typeof n.target !== "string" ? (n.target as { qualifiedName?: string }).qualifiedName : undefined);
  if (q(lift) !== "torch.ops.aten.lift_fresh.default" && q(lift) !== "torch.ops.aten.lift_fresh_copy.default") return null;
  const liftUsers = lift.users;
  if (liftUsers.length > 1) return null;
  if (liftUsers.length === 0) return [lift, node];
  const detach = liftUsers[0]!;
  if (q(detach) !== "torch.ops.aten.detach_.default" && q(detach) !== "torch.ops.aten.detach.default") return null;
  return detach.users.length > 0 ? null : [detach, lift, node];
}

function* leavesWithPath(combined: ReadonlyMap<string, unknown>): Generator<[KeyPath, unknown]> {
  yield* tree_leaves_with_path(Object.fromEntries(combined));
}

// `x`, `pair_0`, `cfg_alpha`: a user input's placeholder name from its path (each key lower-cased,
// a mapping key's other characters as `_`).
function placeholderName(path: KeyPath): string {
  return path
    .map((k) => {
      if (k.kind === "sequence") return String(k.idx);
      if (k.kind === "attr") return k.name.toLowerCase();
      return (typeof k.key === "string" ? k.key : String(k.key)).replace(/[^a-zA-Z0-9]/g, "_").toLowerCase();
    })
    .join("_");
}
