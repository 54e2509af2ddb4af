export { demoCityName, demoDistricts } from './demo-city.js';
export type { DemoDistrictPlan, DemoScale } from './plan-district.js';
export { demoAsOf, planDemoDistrict } from './plan-district.js';
export type { OrganizationRows } from './plan-organizations.js';
export type { SocialWorkerRows } from './plan-social-workers.js';
export type { Random } from './random.js';
export { createRandom } from './random.js';
export type { SeedReport } from './seed-district.js';
export { isDistrictSeeded, seedDemoDistrict } from './seed-district.js';
