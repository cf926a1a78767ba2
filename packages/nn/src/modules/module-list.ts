import { WcError } from "@wc/tensor";
import type { Var } from "../autograd/var";
import { Module } from "./module";

/**
 * A numbered list of child modules (PyTorch `nn.ModuleList`): children are named `0`, `1`, ... so
 * their parameters get names such as `layers.3.self_attn.q_proj.weight`. Its own forward is the
 * identity; the owner iterates `items`.
 * @example
 * const layers = new ModuleList([new Linear(4, 4), new Linear(4, 2)]);
 * layers.items[1]!.call(x);
 */
export class ModuleList<M extends Module = Module> extends Module {
  /** The children in order. */
  readonly items: readonly M[];
  /**
   * @param modules - the children, registered as `0`, `1`, ...
   * @throws {WcError} `E_ARGUMENT` for an empty list.
   */
  constructor(modules: readonly M[]) {
    super();
    if (modules.length === 0) throw new WcError("E_ARGUMENT", "ModuleList: expected at least one module, got none");
    this.items = modules.map((m, i) => this.registerModule(String(i), m));
  }
  /** The identity (iterate {@link ModuleList.items} instead). */
  forward(x: Var): Var {
    return x;
  }
}
