/**
 * Public holidays and make-up working days (调休) from the State Council's yearly notices
 * (国务院办公厅关于…年部分节假日安排的通知). Ranges are inclusive. Only years whose notice was
 * checked against the published text are listed; other years fall back to weekends only.
 *
 * Verification: 2024 and 2025 against the notices as republished by Xinhua / China News and
 * holiday datasets derived from gov.cn; 2026 against the notice of 2025-11-04 (Xinhua, gmw.cn,
 * gov.cn content_7047090). 2027 had not been published when this file was written: not shipped.
 */
export interface HolidayRange {
  name: string;
  from: string;
  to: string;
}

export interface YearCalendar {
  notice: string;
  holidays: HolidayRange[];
  makeUpWorkingDays: string[];
}

export const WORKING_DAY_CALENDAR: Readonly<Record<number, YearCalendar>> = {
  2024: {
    notice: '国务院办公厅关于2024年部分节假日安排的通知 (2023-10-25)',
    holidays: [
      { name: '元旦', from: '2024-01-01', to: '2024-01-01' },
      { name: '春节', from: '2024-02-10', to: '2024-02-17' },
      { name: '清明节', from: '2024-04-04', to: '2024-04-06' },
      { name: '劳动节', from: '2024-05-01', to: '2024-05-05' },
      { name: '端午节', from: '2024-06-10', to: '2024-06-10' },
      { name: '中秋节', from: '2024-09-15', to: '2024-09-17' },
      { name: '国庆节', from: '2024-10-01', to: '2024-10-07' },
    ],
    makeUpWorkingDays: ['2024-02-04', '2024-02-18', '2024-04-07', '2024-04-28', '2024-05-11', '2024-09-14', '2024-09-29', '2024-10-12'],
  },
  2025: {
    notice: '国务院办公厅关于2025年部分节假日安排的通知 (2024-11-12)',
    holidays: [
      { name: '元旦', from: '2025-01-01', to: '2025-01-01' },
      { name: '春节', from: '2025-01-28', to: '2025-02-04' },
      { name: '清明节', from: '2025-04-04', to: '2025-04-06' },
      { name: '劳动节', from: '2025-05-01', to: '2025-05-05' },
      { name: '端午节', from: '2025-05-31', to: '2025-06-02' },
      { name: '国庆节、中秋节', from: '2025-10-01', to: '2025-10-08' },
    ],
    makeUpWorkingDays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    notice: '国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04)',
    holidays: [
      { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
      { name: '春节', from: '2026-02-15', to: '2026-02-23' },
      { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
      { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
      { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
      { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
      { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
    ],
    makeUpWorkingDays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};
