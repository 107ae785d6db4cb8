import { el } from '../dom';

export interface ConfirmOptions {
  title: string;
  message: string;
  /** Said first, in its own alert: what the action will cost beyond the usual. */
  warning?: string;
  confirmLabel: string;
  cancelLabel: string;
}

/**
 * Asks before an action that cannot be taken back from here, in a modal <dialog>: focus stays in
 * it, Escape cancels, and the safe choice (Cancel) has the focus first. Resolves true to go ahead.
 */
export function confirmAction(
  doc: Document,
  { title, message, warning, confirmLabel, cancelLabel }: ConfirmOptions,
): Promise<boolean> {
  const cancel = el(doc, 'button', { type: 'button', value: 'cancel' }, cancelLabel);
  const confirm = el(
    doc,
    'button',
    { type: 'button', class: 'danger', value: 'confirm' },
    confirmLabel,
  );
  const dialog = el(
    doc,
    'dialog',
    { 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-message', class: 'confirm' },
    el(doc, 'h2', { id: 'confirm-title' }, title),
    warning !== undefined && el(doc, 'p', { class: 'warning', role: 'alert' }, warning),
    el(doc, 'p', { id: 'confirm-message' }, message),
    el(doc, 'div', { class: 'actions' }, cancel, confirm),
  );
  doc.body.append(dialog);

  return new Promise((resolve) => {
    cancel.addEventListener('click', () => dialog.close('cancel'));
    confirm.addEventListener('click', () => dialog.close('confirm'));
    // Escape closes the dialog with an empty returnValue: a cancel.
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'confirm');
    });
    dialog.showModal();
    cancel.focus();
  });
}
