// torch.fx for pt2js: Graph, Node, GraphModule, printing, and the Python value classes.
export { Graph, targetToStr, type InsertPoint } from "./graph.js";
export { Node } from "./node.js";
export { GraphModule } from "./graph_module.js";
export { Interpreter, Transformer, callableOf } from "./interpreter.js";
export { Namespace, snakeCase } from "./naming.js";
export { pythonCode, printReadable, exportedProgramBlock, stackTraceSummary, type PythonCode } from "./printer.js";
export { forEachNode, inputNodes, mapArg } from "./args.js";
export { formatGraph, formatNode } from "./format.js";
export { operator, makeTarget, higherOrderTarget, registeredHigherOrder } from "./targets.js";
export { experimental } from "./experimental.js";
export * from "./values.js";
export {
  isSymbolic,
  isTarget,
  isTensorMeta,
  type Argument,
  type Kwargs,
  type MetaValue,
  type NodeMeta,
  type Opcode,
  type SymbolicValue,
  type Target,
  type TensorMeta,
} from "./types.js";
