import {
  createGraph, createNode, disposeGraph, setInputs as setInputsRaw, replaceInput, eraseNode, moveNode, writeUsers, writeInputs,
  userCount, inputCount, nodesOf, lint, eliminateDeadCode, rootOf, lengthOf, isErased, NONE, Op,
} from "../../assembly/graph/store";
import { hasError, lastErrorCode, takeErrorMessage, ErrorCode } from "../../assembly/errors";

function setInputs(n: i32, list: Array<i32>): bool {
  return setInputsRaw(n, StaticArray.fromArray<i32>(list), list.length);
}

function usersOf(n: i32): Array<i32> {
  const buf = new StaticArray<i32>(userCount(n));
  writeUsers(n, buf);
  const out = new Array<i32>();
  for (let i = 0; i < buf.length; i++) out.push(buf[i]);
  return out;
}

function inputsOf(n: i32): Array<i32> {
  const buf = new StaticArray<i32>(inputCount(n));
  writeInputs(n, buf);
  const out = new Array<i32>();
  for (let i = 0; i < buf.length; i++) out.push(buf[i]);
  return out;
}

// Names are ids of strings interned by TypeScript; the spec keeps its own table.
const strings = new Array<string>();
function intern(s: string): u32 {
  const i = strings.indexOf(s);
  if (i >= 0) return <u32>i;
  strings.push(s);
  return <u32>(strings.length - 1);
}
intern("");

/** The pending error message with `{{id}}` names resolved, as src/core/graph.ts does. */
function takeMessage(): string {
  let m = takeErrorMessage();
  for (let i = strings.length - 1; i > 0; i--) m = m.replaceAll("{{" + i.toString() + "}}", strings[i]);
  return m;
}

function node(g: i32, op: i32, name: string): i32 {
  return createNode(g, op, intern(name), intern(name), rootOf(g), false, false);
}

function names(list: Array<i32>): string {
  let s = "";
  for (let i = 0; i < list.length; i++) {
    s += (i > 0 ? "," : "");
    s += nodeName(list[i]);
  }
  return s;
}

// Node names are interned per node at creation; keep a side map for readable assertions.
const nameById = new Map<i32, string>();
function named(g: i32, op: i32, name: string): i32 {
  const n = node(g, op, name);
  nameById.set(n, name);
  return n;
}
function nodeName(n: i32): string {
  return nameById.has(n) ? nameById.get(n) : "?";
}

function inputs2(a: i32, b: i32): Array<i32> {
  const l = new Array<i32>();
  l.push(a);
  l.push(b);
  return l;
}

function expectError(part: string): void {
  const message = takeMessage();
  if (!message.includes(part)) log(message);
  expect(message.includes(part)).toBe(true);
}

describe("graph store", () => {
  it("appends nodes and keeps inputs and users in step", () => {
    const g = createGraph();
    const x = named(g, Op.Placeholder, "x");
    const y = named(g, Op.Placeholder, "y");
    const add = named(g, Op.CallFunction, "add");
    expect(setInputs(add, inputs2(x, y))).toBe(true);
    const mul = named(g, Op.CallFunction, "mul");
    expect(setInputs(mul, inputs2(x, x))).toBe(true);
    expect(names(nodesOf(g, false))).toBe("x,y,add,mul");
    expect(names(nodesOf(g, true))).toBe("mul,add,y,x");
    expect(names(usersOf(x))).toBe("add,mul");
    expect(names(inputsOf(mul))).toBe("x"); // deduplicated
    expect(lengthOf(g)).toBe(4);
    expect(lint(g)).toBe(true);
    // resetting inputs drops old uses
    const only = new Array<i32>();
    only.push(y);
    expect(setInputs(mul, only)).toBe(true);
    expect(names(usersOf(x))).toBe("add");
    expect(names(usersOf(y))).toBe("add,mul");
  });

  it("creates a node with its inputs in one step, or not at all", () => {
    const g = createGraph();
    const h = createGraph();
    const x = named(g, Op.Placeholder, "x");
    const z = named(h, Op.Placeholder, "z");
    const src = new StaticArray<i32>(3);
    src[0] = x;
    src[1] = x;
    src[2] = x;
    const f = createNode(g, Op.CallFunction, intern("f"), 0, rootOf(g), false, false, src, 3);
    nameById.set(f, "f");
    expect(names(inputsOf(f))).toBe("x");
    expect(names(usersOf(x))).toBe("f");
    src[1] = z;
    const before = lengthOf(g);
    expect(createNode(g, Op.CallFunction, intern("bad"), 0, rootOf(g), false, false, src, 2)).toBe(NONE);
    expectError("Argument 'z' of Node 'bad' does not belong to this Graph");
    expect(lengthOf(g)).toBe(before);
    expect(names(usersOf(x))).toBe("f");
    expect(createNode(g, Op.CallFunction, intern("bad"), 0, rootOf(g), false, false, src, 9)).toBe(NONE);
    expectError("bad input count");
  });

  it("replaces one input, keeping position", () => {
    const g = createGraph();
    const x = named(g, Op.Placeholder, "x");
    const y = named(g, Op.Placeholder, "y");
    const z = named(g, Op.Placeholder, "z");
    const f = named(g, Op.CallFunction, "f");
    setInputs(f, inputs2(x, y));
    expect(replaceInput(f, x, z)).toBe(true);
    expect(names(inputsOf(f))).toBe("z,y");
    expect(usersOf(x).length).toBe(0);
    expect(names(usersOf(z))).toBe("f");
    expect(replaceInput(f, z, y)).toBe(true); // merging into an existing input
    expect(names(inputsOf(f))).toBe("y");
    expect(replaceInput(f, x, y)).toBe(false);
    expect(lastErrorCode()).toBe(ErrorCode.GraphError);
    expect(takeMessage()).toBe("Node 'f' does not use the node being replaced");
  });

  it("inserts before and after an anchor", () => {
    const g = createGraph();
    const a = named(g, Op.Placeholder, "a");
    const c = named(g, Op.Output, "c");
    const b = createNode(g, Op.CallFunction, intern("b"), 0, c, false, false);
    nameById.set(b, "b");
    const d = createNode(g, Op.CallFunction, intern("d"), 0, a, true, false);
    nameById.set(d, "d");
    expect(names(nodesOf(g, false))).toBe("a,d,b,c");
    expect(moveNode(d, c, true)).toBe(true);
    expect(names(nodesOf(g, false))).toBe("a,b,c,d");
  });

  it("refuses to erase a node with users, naming them", () => {
    const g = createGraph();
    const x = createNode(g, Op.Placeholder, intern("x"), 0, rootOf(g), false, false);
    const r = createNode(g, Op.CallFunction, intern("relu"), 0, rootOf(g), false, false);
    const only = new Array<i32>();
    only.push(x);
    setInputs(r, only);
    expect(eraseNode(x)).toBe(false);
    expect(takeMessage()).toBe("Tried to erase Node x but it still had 1 users in the graph: {relu: None}!");
    expect(eraseNode(r)).toBe(true);
    expect(isErased(r)).toBe(true);
    expect(usersOf(x).length).toBe(0);
    expect(eraseNode(x)).toBe(true);
    expect(lengthOf(g)).toBe(0);
  });

  it("refuses foreign, erased and self inputs", () => {
    const g = createGraph();
    const h = createGraph();
    const x = createNode(g, Op.Placeholder, intern("x"), 0, rootOf(g), false, false);
    const z = createNode(h, Op.Placeholder, intern("z"), 0, rootOf(h), false, false);
    const f = createNode(g, Op.CallFunction, intern("f"), 0, rootOf(g), false, false);
    const foreign = new Array<i32>();
    foreign.push(z);
    expect(setInputs(f, foreign)).toBe(false);
    expectError("Argument 'z' of Node 'f' does not belong to this Graph");
    const self = new Array<i32>();
    self.push(f);
    expect(setInputs(f, self)).toBe(false);
    expectError("use itself");
    const dead = createNode(g, Op.CallFunction, intern("dead"), 0, rootOf(g), false, false);
    eraseNode(dead);
    const dangling = new Array<i32>();
    dangling.push(dead);
    expect(setInputs(f, dangling)).toBe(false);
    expectError("dangling argument");
    const bogus = new Array<i32>();
    bogus.push(123456);
    expect(setInputs(f, bogus)).toBe(false);
    expectError("not a node id");
    expect(inputsOf(f).length).toBe(0); // all-or-nothing
    expect(usersOf(x).length).toBe(0);
    expect(createNode(g, Op.CallFunction, 0, 0, z, false, false)).toBe(NONE);
    expectError("not in this graph");
    expect(createNode(g, 42, 0, 0, rootOf(g), false, false)).toBe(NONE);
    expectError("unknown node opcode");
    expect(hasError()).toBe(false);
  });

  it("lint names a node used before it is defined", () => {
    const g = createGraph();
    const x = createNode(g, Op.Placeholder, intern("x"), 0, rootOf(g), false, false);
    const a = createNode(g, Op.CallFunction, intern("a"), 0, rootOf(g), false, false);
    const b = createNode(g, Op.CallFunction, intern("b"), 0, rootOf(g), false, false);
    const ins = new Array<i32>();
    ins.push(a);
    setInputs(b, ins);
    moveNode(b, x, true); // b before its input a
    expect(lint(g)).toBe(false);
    expect(takeMessage()).toBe(
      "lint: Argument 'a' of Node 'b' was used before it has been defined! Please check that Nodes in the graph are topologically ordered",
    );
  });

  it("dead-code elimination keeps impure nodes, placeholders and outputs", () => {
    const g = createGraph();
    const x = createNode(g, Op.Placeholder, intern("x"), 0, rootOf(g), false, false);
    const unusedPh = createNode(g, Op.Placeholder, intern("y"), 0, rootOf(g), false, false);
    const a = createNode(g, Op.CallFunction, intern("a"), 0, rootOf(g), false, false);
    const b = createNode(g, Op.CallFunction, intern("b"), 0, rootOf(g), false, false);
    const assertNode = createNode(g, Op.CallFunction, intern("assert"), 0, rootOf(g), false, true);
    const out = createNode(g, Op.Output, intern("output"), 0, rootOf(g), false, false);
    const xs = new Array<i32>();
    xs.push(x);
    setInputs(a, xs);
    const as = new Array<i32>();
    as.push(a);
    setInputs(b, as); // a -> b, both dead
    setInputs(assertNode, xs);
    const removed = eliminateDeadCode(g);
    expect(removed).not.toBeNull();
    expect((removed as Array<i32>).length).toBe(2);
    expect((removed as Array<i32>)[0]).toBe(b); // users go first
    expect((removed as Array<i32>)[1]).toBe(a);
    expect(isErased(unusedPh)).toBe(false);
    expect(isErased(assertNode)).toBe(false);
    expect(isErased(out)).toBe(false);
    expect(lengthOf(g)).toBe(4);
  });

  it("disposing a graph recycles its slots, live and erased", () => {
    const g = createGraph();
    const x = createNode(g, Op.Placeholder, intern("x"), 0, rootOf(g), false, false);
    const f = createNode(g, Op.CallFunction, intern("f"), 0, rootOf(g), false, false);
    const e = createNode(g, Op.CallFunction, intern("e"), 0, rootOf(g), false, false);
    const xs = new Array<i32>();
    xs.push(x);
    setInputs(f, xs);
    eraseNode(e);
    expect(disposeGraph(g)).toBe(true);
    expect(disposeGraph(g)).toBe(false);
    expectError("was disposed");
    expect(setInputs(f, new Array<i32>())).toBe(false);
    expectError("no node with id");
    // The four slots (root, x, f, e) come back before the arrays grow.
    const h = createGraph();
    const reused = new Array<i32>();
    for (let i = 0; i < 3; i++) reused.push(createNode(h, Op.Placeholder, intern("p"), 0, rootOf(h), false, false));
    let recycled = 0;
    for (let i = 0; i < reused.length; i++) {
      const n = reused[i];
      if (n == x || n == f || n == e) recycled++;
      expect(usersOf(n).length).toBe(0);
      expect(inputsOf(n).length).toBe(0);
    }
    expect(recycled).toBe(3);
  });
});
