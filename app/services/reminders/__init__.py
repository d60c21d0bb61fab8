"""Reminders that show no personal data: the due summary that `vakka due` reads, the
purge-review schedule, desktop notifications, the OS scheduler's daily check and the
calendar (.ics) export. One job per module; nothing here imports Qt.

- ``schedule``: the purge-review dates (``reminder_dates``) and the next review;
- ``summary``: the summary file written at every lock and close, and read without a lock;
- ``notify``: the desktop notification of `vakka due --notify`, per platform;
- ``scheduler`` with ``systemd``, ``cron``, ``launchd``, ``taskscheduler``: the daily
  `vakka due --notify` registered with the OS scheduler;
- ``ics``: purge reviews and request deadlines as calendar events.
"""
