export { deploymentTimeline } from './deployment-timeline.js';
