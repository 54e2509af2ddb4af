export { demoCityName, demoDistricts } from './demo-city.js';
export type { DemoDistrictPlan, DemoScale } from './plan-district.js';
export { planDemoDistrict } from './plan-district.js';
export type { Random } from './random.js';
export { createRandom } from './random.js';
export type { SeedReport } from './seed-district.js';
export { isDistrictSeeded, seedDemoDistrict } from './seed-district.js';
