/** The districts of the demo city (苏州市, GB/T 2260 codes). Each gets its own database. */
export const demoDistricts = [
  { districtCode: '320505', name: '虎丘区', seed: 320505 },
  { districtCode: '320506', name: '吴中区', seed: 320506 },
  { districtCode: '320508', name: '姑苏区', seed: 320508 },
] as const;

export const demoCityName = '苏州市 (demo)';
