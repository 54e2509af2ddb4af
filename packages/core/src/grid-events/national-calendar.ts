/**
 * The national working-day arrangement of each year sanshe knows (docs/domain.md §7.6): the
 * public holidays (放假, weekend days inside them included) and the weekend days worked in
 * exchange (调休上班), as the State Council's General Office publishes them each autumn for the
 * next year (国务院办公厅关于部分节假日安排的通知). A year not listed here is entered by the
 * district (`calendar_days`, `calendar_years`); until then deadlines in it are counted on
 * weekdays only and flagged provisional.
 */
export interface NationalCalendarYear {
  year: number;
  /** The notice, and the day it was published. */
  source: string;
  /** Each holiday period: its name and its days, inclusive. */
  holidays: readonly { name: string; from: string; to: string }[];
  /** The weekend days worked in exchange. */
  workdays: readonly { name: string; day: string }[];
}

export const nationalCalendars: readonly NationalCalendarYear[] = [
  {
    year: 2025,
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）',
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
    ],
    workdays: [
      { name: '春节调休上班', day: '2025-01-26' },
      { name: '春节调休上班', day: '2025-02-08' },
      { name: '劳动节调休上班', day: '2025-04-27' },
      { name: '国庆节调休上班', day: '2025-09-28' },
      { name: '国庆节调休上班', day: '2025-10-11' },
    ],
  },
  {
    year: 2026,
    source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    workdays: [
      { name: '元旦调休上班', day: '2026-01-04' },
      { name: '春节调休上班', day: '2026-02-14' },
      { name: '春节调休上班', day: '2026-02-28' },
      { name: '劳动节调休上班', day: '2026-05-09' },
      // The notice lists 9月20日 under 国庆节, not 中秋节 (which falls on Friday 09-25, no exchange).
      { name: '国庆节调休上班', day: '2026-09-20' },
      { name: '国庆节调休上班', day: '2026-10-10' },
    ],
  },
];
