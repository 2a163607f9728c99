export { runNewsletterJob, type NewsletterJobOptions, type NewsletterJobResult } from "./newsletter-job.js";
export { openUserIds, type UserIds } from "./user-ids.js";
