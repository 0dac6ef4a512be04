// Schema 8.17 enum codes ⇄ the torch values pt2js graphs carry (dtype names, layouts, memory
// formats), shared by serialize.ts and deserialize.ts (serialize.py's _TORCH_TO_SERIALIZE_* maps).
import { ScalarType, Layout as LayoutCode, MemoryFormat as MemoryFormatCode } from "../serde/schema/types.js";
import { UnknownEnumValueError } from "../serde/errors.js";
import { SerializeError } from "./serialize_errors.js";

const DTYPES: ReadonlyArray<[number, string]> = [
  [ScalarType.BYTE, "uint8"], [ScalarType.CHAR, "int8"], [ScalarType.UINT16, "uint16"], [ScalarType.SHORT, "int16"],
  [ScalarType.INT, "int32"], [ScalarType.LONG, "int64"], [ScalarType.HALF, "float16"], [ScalarType.FLOAT, "float32"],
  [ScalarType.DOUBLE, "float64"], [ScalarType.COMPLEXHALF, "complex32"], [ScalarType.COMPLEXFLOAT, "complex64"],
  [ScalarType.COMPLEXDOUBLE, "complex128"], [ScalarType.BOOL, "bool"], [ScalarType.BFLOAT16, "bfloat16"],
  [ScalarType.FLOAT8E4M3FN, "float8_e4m3fn"], [ScalarType.FLOAT8E5M2, "float8_e5m2"],
];
const LAYOUTS: ReadonlyArray<[number, string]> = [
  [LayoutCode.SparseCoo, "sparse_coo"], [LayoutCode.SparseCsr, "sparse_csr"], [LayoutCode.SparseCsc, "sparse_csc"],
  [LayoutCode.SparseBsr, "sparse_bsr"], [LayoutCode.SparseBsc, "sparse_bsc"], [LayoutCode._mkldnn, "_mkldnn"],
  [LayoutCode.Strided, "strided"],
];
const MEMORY_FORMATS: ReadonlyArray<[number, string]> = [
  [MemoryFormatCode.ContiguousFormat, "contiguous_format"], [MemoryFormatCode.ChannelsLast, "channels_last"],
  [MemoryFormatCode.ChannelsLast3d, "channels_last_3d"], [MemoryFormatCode.PreserveFormat, "preserve_format"],
];

function table(pairs: ReadonlyArray<[number, string]>, what: string) {
  const byCode = new Map(pairs);
  const byName = new Map(pairs.map(([c, n]) => [n, c]));
  return {
    name(code: number): string {
      const n = byCode.get(code);
      if (n === undefined) throw new UnknownEnumValueError(`Unknown ${what} code ${code} in model.json`);
      return n;
    },
    code(name: string): number {
      const c = byName.get(name);
      if (c === undefined) throw new SerializeError(`Cannot serialize ${what} torch.${name}`);
      return c;
    },
  };
}

/** ScalarType code ⇄ torch dtype name ("float32"). */
export const dtypeCodes = table(DTYPES, "dtype");
/** Layout code ⇄ torch layout name ("strided"). */
export const layoutCodes = table(LAYOUTS, "layout");
/** MemoryFormat code ⇄ torch memory format name ("contiguous_format"). */
export const memoryFormatCodes = table(MEMORY_FORMATS, "memory format");
