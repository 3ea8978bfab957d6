import type { CommandGroup } from "../command.js";
import { createAllGroup } from "./all.js";
import { dataCommands } from "./data.js";
import { hfCommands } from "./hf.js";
import { linalgCommands } from "./linalg.js";
import { nnCommands } from "./nn.js";
import { recsysCommands } from "./recsys.js";
import { word2vecCommands } from "./word2vec.js";

/**
 * Every `lab <package>` group. A package contributes its commands by adding one file here that
 * defines a CommandGroup over the package's public API, and one line to this list.
 */
const packageGroups: readonly CommandGroup[] = [
  dataCommands,
  linalgCommands,
  nnCommands,
  recsysCommands,
  word2vecCommands,
  hfCommands,
];

export const commandGroups: readonly CommandGroup[] = [...packageGroups, createAllGroup(packageGroups)];
