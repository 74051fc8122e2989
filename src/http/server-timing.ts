import type { FastifyReply } from 'fastify';
import type { StepTimings } from '../governance/step-timings.js';

/**
 * The `Server-Timing` header of a governed request: each step's time (`cache`, `admit`, `model`,
 * `store`) and `total`, the time since the request arrived, in milliseconds. What is not in a step
 * is the service's own work: reading, checking and sanitizing the request, parsing and validating
 * the answer, and waiting for the CPU.
 */
export function setServerTiming(reply: FastifyReply, timings: StepTimings): void {
  const steps = timings.entries().map(([step, ms]) => `${step};dur=${ms.toFixed(2)}`);
  reply.header('server-timing', [...steps, `total;dur=${reply.elapsedTime.toFixed(2)}`].join(', '));
}
