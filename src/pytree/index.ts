// pytree: the counterpart of torch.utils._pytree.
//
// Python containers in JavaScript (the decisions that matter for TreeSpecs):
//   - a plain array            → list            (`builtins.list`)
//   - `tuple(a, b)`            → tuple           (`builtins.tuple`); export's args are a tuple
//   - a plain object or a Map  → dict            (`builtins.dict`, insertion order). JS objects put
//                                 integer-like keys ("0", "10") first, so unflatten builds a Map
//                                 whenever the keys are not all non-index strings.
//   - `OrderedDict`, `DefaultDict`, `Deque`, `namedtuple(name, fields)` → the `collections` types
//   - `null` / `undefined`     → None, a leaf (as in torch 2.11's Python pytree)
//   - anything else            → a leaf, unless its class was registered with register_pytree_node
//
// API (names as in PyTorch):
//   tree_flatten(tree, is_leaf?) → [leaves, TreeSpec]      tree_unflatten(leaves, spec)
//   tree_leaves, tree_structure, tree_map(fn, tree, ...rests), tree_map_only(pred, fn, tree)
//   tree_flatten_with_path / tree_leaves_with_path + keystr (key paths: [0]['a'].field)
//   TreeSpec { type, context, children_specs, num_leaves, is_leaf(), unflatten, flatten_up_to,
//              equals, toString() = Python's repr }   LeafSpec()
//   treespec_dumps(spec) / treespec_loads(text)  — protocol 1, text identical to PyTorch's
//   register_pytree_node(cls, flatten, unflatten, { serialized_type_name, ... })
//   register_namedtuple(cls, { serialized_type_name })
export { PyTuple, tuple, isTuple, NamedTuple, namedtuple, OrderedDict, DefaultDict, Deque } from "./containers.js";
export type { NamedTupleClass, DefaultFactoryName } from "./containers.js";
export {
  register_pytree_node,
  register_namedtuple,
  _deregister_pytree_node,
  _list_flatten,
  _list_flatten_with_keys,
  _list_unflatten,
  SequenceKey,
  MappingKey,
  GetAttrKey,
  keyEntryStr,
} from "./registry.js";
export type { KeyEntry, NodeDef, RegisterOptions } from "./registry.js";
export { TreeSpec, LeafSpec } from "./treespec.js";
export {
  tree_is_leaf,
  tree_flatten,
  tree_unflatten,
  tree_leaves,
  tree_structure,
  tree_map,
  tree_map_only,
  tree_flatten_with_path,
  tree_leaves_with_path,
  keystr,
} from "./flatten.js";
export type { IsLeaf, KeyPath } from "./flatten.js";
export { treespec_dumps, treespec_loads, DEFAULT_TREESPEC_SERIALIZATION_PROTOCOL } from "./serialize.js";
export { PytreeError, TreeSpecMismatchError, TreeSpecSerializationError, PytreeRegistrationError } from "./errors.js";
