import { userMessage } from '../services/errors';

/** Shows an error as a toast: the server's message in plain words, else a generic one. */
export function showError(error: unknown): void {
  showMessage(userMessage(error));
}

/** A sentence for the user, long enough to read (toasts without an icon show two lines). */
export function showMessage(title: string): void {
  wx.showToast({ title, icon: 'none', duration: 2500 });
}

export function showSuccess(title: string): void {
  wx.showToast({ title, icon: 'success', duration: 1500 });
}
