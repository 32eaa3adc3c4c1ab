/**
 * Work on one story, one piece at a time within this process: an import of its file, a change
 * from chat, a newer revision heard from another replica. (Across processes, the store's
 * append-only-on-the-parent decides.)
 */
export class StoryTurns {
  private readonly queues = new Map<string, Promise<unknown>>();

  run<T>(story: string, work: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(story) ?? Promise.resolve()).then(work, work);
    const settled = run.catch(() => {});
    this.queues.set(story, settled);
    void settled.then(() => {
      if (this.queues.get(story) === settled) this.queues.delete(story);
    });
    return run;
  }
}
