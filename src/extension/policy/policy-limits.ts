/** Limits of the settings that both policy and the user set. Plain numbers: the options page checks them before sending. */

/** Most feeds one install follows (policy and the user's own together are bounded the same way). */
export const MAX_SUBSCRIPTIONS = 20;
