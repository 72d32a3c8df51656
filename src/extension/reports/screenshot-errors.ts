/** A report draft's screenshotError when the site was never shown (RxRadar's warning page stood in for it). */
export const STOPPED_BEFORE_SHOWN = 'stopped-before-shown';
