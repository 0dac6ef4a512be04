// The README's example (export with a dynamic batch, print, run, save and load) as the source of a
// user's app, in the variants the targets need. Every app reports one JSON result.

export interface ExampleOptions {
  /** How the app imports pt2js (an import or require line binding torch, nn, F, Dim, init). */
  importLine: string;
  /** Awaited before the example ("" for the auto-initialising entries). */
  initCall?: string;
  /**
   * A production bundle: its minifier renames forward's parameter, so the model declares
   * `forwardArgNames = ["x"]` (the docs' recipe), and the app also records what the same export
   * says for a model without it.
   */
  production?: boolean;
  /** How the result leaves the app: a statement using `result`; null: the app calls example() itself. */
  emit: string | null;
  /** TypeScript annotations. */
  typescript?: boolean;
}

export function exampleSource(o: ExampleOptions): string {
  const ts = o.typescript === true;
  const T = (type: string) => (ts ? `: ${type}` : "");
  const batch = `Dim("batch", { min: 1, max: 1024 })`;
  const shapes = `{ x: { 0: ${batch} } }`;
  return `${o.importLine}
${ts ? 'import type { Tensor } from "pt2js";\n' : ""}
class MLP extends nn.Module {
  // The archive records the class as __main__.MLP even when a minifier renames the class.
  static ${ts ? "override " : ""}__module_type__ = "__main__.MLP";
  ${o.production ? '// Minifiers rename forward\'s parameter: its name for dynamic_shapes and the program.\n  forwardArgNames = ["x"];\n  ' : ""}fc1 = new nn.Linear(16, 32);
  fc2 = new nn.Linear(32, 4);
  ${ts ? "override " : ""}forward(x${T("Tensor")})${T("Tensor")} {
    return this.fc2(F.relu(this.fc1(x)));
  }
}

function base64(bytes${T("Uint8Array")})${T("string")} {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

async function example()${T("Promise<Record<string, unknown>>")} {
  ${o.initCall ?? ""}
  const ep = torch.export.export(new MLP().eval(), [torch.randn(8, 16)], {
    dynamic_shapes: ${shapes},
  });
  const program = ep.toString();
  const y${T("Tensor")} = ep.module()(torch.randn(3, 16)); // typed from MLP.forward, no cast
  let guard = "";
  try {
    ep.module()(torch.randn(2000, 16));
  } catch (e) {
    guard = \`\${__ERR__.name}: \${__ERR__.message.split("\\n")[0]}\`;
  }
  const bytes = torch.export.save(ep);
  const again = torch.export.load(bytes);
  let dictForm = "";
  ${
    o.production
      ? `class Bare extends nn.Module {
    forward(x) { return x.relu(); }
  }
  try {
    torch.export.export(new Bare(), [torch.randn(8, 16)], { dynamic_shapes: { x: { 0: ${batch} } } });
    dictForm = "exported";
  } catch (e) {
    dictForm = \`\${__ERR__.name}: \${__ERR__.message}\`;
  }`
      : ""
  }
  return {
    program,
    shape: y.shape.join("x"),
    guard,
    reloaded: again.toString() === program,
    linear: String(new nn.Linear(2, 3)),
    dictForm,
    archive: base64(bytes),
  };
}

${o.emit === null ? "" : `example().then(
  (result${T("Record<string, unknown>")}) => { ${o.emit} },
  (error${T("unknown")}) => { const result = { error: String(${ts ? "(error as Error)" : "error"}?.stack ?? error) }; ${o.emit} },
);`}
`.replace(/__ERR__/g, ts ? "(e as Error)" : "e");
}

/** The program text PyTorch 2.11 prints for the example, `# File:` comment lines left out. */
export const EXPECTED_PROGRAM = `ExportedProgram:
    class GraphModule(torch.nn.Module):
        def forward(self, p_fc1_weight: "f32[32, 16]", p_fc1_bias: "f32[32]", p_fc2_weight: "f32[4, 32]", p_fc2_bias: "f32[4]", x: "f32[s77, 16]"):
            linear: "f32[s77, 32]" = torch.ops.aten.linear.default(x, p_fc1_weight, p_fc1_bias);  x = p_fc1_weight = p_fc1_bias = None
            relu: "f32[s77, 32]" = torch.ops.aten.relu.default(linear);  linear = None
            linear_1: "f32[s77, 4]" = torch.ops.aten.linear.default(relu, p_fc2_weight, p_fc2_bias);  relu = p_fc2_weight = p_fc2_bias = None
            return (linear_1,)
    
Graph signature: 
    # inputs
    p_fc1_weight: PARAMETER target='fc1.weight'
    p_fc1_bias: PARAMETER target='fc1.bias'
    p_fc2_weight: PARAMETER target='fc2.weight'
    p_fc2_bias: PARAMETER target='fc2.bias'
    x: USER_INPUT
    
    # outputs
    linear_1: USER_OUTPUT
    
Range constraints: {s77: VR[1, 1024]}
`;
