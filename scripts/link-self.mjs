// Makes `import ... from "dnnlab"` resolve inside this checkout.
//
// tslab compiles every notebook cell with Node10 module resolution, which only
// finds packages under node_modules/. A symlink node_modules/dnnlab -> the
// project root lets the notebooks (and the tests) import the built library by
// its package name instead of a path into dist/.
import { existsSync, lstatSync, mkdirSync, readlinkSync, symlinkSync, unlinkSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const link = join(root, "node_modules", "dnnlab");
mkdirSync(join(root, "node_modules"), { recursive: true });

let stat = null;
try {
  stat = lstatSync(link);
} catch {
  /* absent */
}
if (stat?.isSymbolicLink() && resolve(dirname(link), readlinkSync(link)) === root) {
  process.exit(0);
}
if (stat && !stat.isSymbolicLink()) {
  console.error(`link-self: ${link} exists and is not a symlink; remove it and run again.`);
  process.exit(1);
}
if (stat) unlinkSync(link);
symlinkSync("..", link, "dir");
if (!existsSync(join(link, "package.json"))) {
  console.error(`link-self: ${link} does not lead to the project root.`);
  process.exit(1);
}
console.log("link-self: node_modules/dnnlab -> project root");
