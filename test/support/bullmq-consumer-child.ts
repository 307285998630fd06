// Consumes one BullMQ queue with a short lock, prints "TOOK <id>" for each job and never finishes
// it, so the test can SIGKILL this process while it holds the job.
import { createBullmqQueue } from '../../src/queue/drivers/bullmq.js';
import type { ExecutionJob } from '../../src/queue/queue.js';

const [url, prefix] = process.argv.slice(2);
if (!url || !prefix) throw new Error('usage: bullmq-consumer-child <url> <prefix>');
const queue = createBullmqQueue<ExecutionJob>({
  url,
  prefix,
  name: 'executions',
  jobId: (job) => job.executionId,
  lockMs: 1000,
});
queue.consume(async (job) => {
  process.stdout.write(`TOOK ${job.executionId}\n`);
  await new Promise(() => undefined);
});
setInterval(() => undefined, 1000);
