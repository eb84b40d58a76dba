import { withUsccCheckCharacter } from '../values/uscc';

/** Valid codes built with the real check character (11 = 机关, 12 = 事业单位). */
export const HITECH_ADMIN_COMMITTEE = withUsccCheckCharacter('11370100MB2850123');
export const TOWNSHIP_OFFICE = withUsccCheckCharacter('11370112MB1957456');
export const PUBLIC_HOSPITAL = withUsccCheckCharacter('12370100495570789');
