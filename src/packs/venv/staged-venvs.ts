import {
  activateVirtualenv,
  discardVirtualenv,
  prepareVirtualenv,
  type PreparedVenv,
  type VenvDeps,
} from './pack-venvs.js';

/**
 * The virtualenvs of the packs one install or deploy puts in place: built from the staged copies
 * before anything is swapped in (a pip failure fails the install and leaves the live packs and
 * their virtualenvs as they were), switched over once the packs are in place.
 */
export class StagedVirtualenvs {
  private readonly prepared: PreparedVenv[] = [];

  constructor(private readonly deps: VenvDeps) {}

  async prepare(packs: readonly { ref: string; stagedDir: string }[]): Promise<void> {
    try {
      for (const pack of packs)
        this.prepared.push(await prepareVirtualenv(this.deps, pack.ref, pack.stagedDir));
    } catch (error) {
      await this.discard();
      throw error;
    }
  }

  /** The packs are in place: their new virtualenvs serve from now on. */
  async activate(): Promise<void> {
    for (const prepared of this.prepared) await activateVirtualenv(this.deps.home, prepared);
  }

  /** The install failed after the virtualenvs were built. */
  async discard(): Promise<void> {
    for (const prepared of this.prepared.splice(0)) await discardVirtualenv(prepared);
  }
}
