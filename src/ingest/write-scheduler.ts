/**
 * Hands report writes to at most `writers` transactions at once, never two with the same agency lock
 * key (store.ts) at the same time. Files of one agency tend to sit side by side (one folder per agency,
 * consecutive years), and two of its writes in flight would only queue on the advisory lock inside
 * Postgres, holding a connection and a writer slot while they wait; here the slot goes to another
 * agency's report instead.
 */
interface Pending {
  key: string;
  run(): Promise<void>;
}

export class WriteScheduler {
  private readonly queue: Pending[] = [];
  private readonly busy = new Set<string>();
  private active = 0;

  constructor(private readonly writers: number) {}

  submit<T>(key: string, write: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ key, run: () => write().then(resolve, reject) });
      this.pump();
    });
  }

  private pump(): void {
    for (let i = 0; i < this.queue.length && this.active < this.writers; ) {
      const next = this.queue[i];
      if (this.busy.has(next.key)) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.busy.add(next.key);
      this.active++;
      void next.run().finally(() => {
        this.busy.delete(next.key);
        this.active--;
        this.pump();
      });
    }
  }
}
