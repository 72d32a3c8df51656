/**
 * The one place where the typed UI protocol (messages.ts: UiReplies) meets the browser's untyped
 * message channel: extension pages send through this, so every reply has its protocol type.
 */
import { browser } from 'wxt/browser';
import type { SendUi } from '../messages';

export const sendUi: SendUi = (message) => browser.runtime.sendMessage(message);
