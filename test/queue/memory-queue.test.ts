import { createMemoryQueue } from '../../src/queue/drivers/memory.js';
import { testQueueDriver } from './queue-conformance.js';

testQueueDriver('memory', { create: async () => createMemoryQueue() });
