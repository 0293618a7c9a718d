// Electron's Notification behind the DesktopNotifications interface (newMailNotifier.ts).
import { Notification } from 'electron';
import type { DesktopNotifications } from './newMailNotifier.js';

export const electronNotifications: DesktopNotifications = {
  isSupported: () => Notification.isSupported(),
  show({ title, body, onClick }) {
    const n = new Notification({ title, body, silent: false });
    n.on('click', onClick);
    n.show();
  },
};
