import { userMessage } from '../services/errors';

/** Shows an error as a toast: the server's message when there is one, else a generic one. */
export function showError(error: unknown): void {
  wx.showToast({ title: userMessage(error), icon: 'none', duration: 2500 });
}

export function showSuccess(title: string): void {
  wx.showToast({ title, icon: 'success', duration: 1500 });
}
