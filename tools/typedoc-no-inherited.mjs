// TypeDoc plugin for docs/api: leaves out members a class only inherits. Every nn layer extends
// nn.Module, so without this each of ~100 layer pages repeats Module's ~40 methods (1.5 MB of
// markdown); the base class's page documents them once, and each page links to it under "Extends".
import { Converter, ReflectionKind } from "typedoc";

export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      const project = context.project;
      for (const refl of project.getReflectionsByKind(ReflectionKind.Class | ReflectionKind.Interface)) {
        for (const child of [...(refl.children ?? [])]) {
          if (child.inheritedFrom !== undefined) project.removeReflection(child);
        }
      }
    },
    // Before the group/category plugins build the member lists.
    1000,
  );
}
