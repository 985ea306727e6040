// News folgen's delivery: Web Push and e-mail for readers who follow what an article is about. The follow
// feature wires these into the app (init, routes, jobs, article events) and places the controls on "Meine News".
import type { FollowApp } from '../context.ts';
import type { JobHandlers } from '../../store/jobs.ts';
import { fanoutJob } from './fanout.ts';
import { confirmJob, digestJob, instantMailJob } from './mail-jobs.ts';
import { pushJob } from './push-job.ts';

export { queueCorrectionFanouts, queueFanout } from './fanout.ts';
export { mailControls, pushControls } from './controls.ts';
export { deliveryRoutes } from './routes.ts';
export { initDelivery, type DeliveryOptions } from './runtime.ts';

export function deliveryJobs(app: FollowApp): JobHandlers {
  return {
    'follow.fanout': fanoutJob(app),
    'follow.push': pushJob(app),
    'follow.mail': instantMailJob(app),
    'follow.digest': digestJob(app),
    'follow.mail-confirm': confirmJob(app),
  };
}
