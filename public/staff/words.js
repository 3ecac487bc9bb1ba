// Words staff read on every staff page, one vocabulary for the advisor console and the admin
// report: loaded before each page's own script, which reads window.STAFF_WORDS.
(function () {
  'use strict';
  window.STAFF_WORDS = Object.freeze({
    /** Handoff outcomes: the advisor's own choices and what the system records. */
    outcomes: Object.freeze({
      helped: 'Geholfen',
      referred: 'Weitervermittelt',
      appointment: 'Termin vereinbart',
      'callback-done': 'Rückruf erledigt',
      'no-response': 'Keine Antwort',
      other: 'Sonstiges',
      'ended-by-newcomer': 'Von der Person beendet',
      expired: 'Ohne Annahme abgelaufen',
      'hub-completed': 'Über das Beratungsnetz abgeschlossen',
      'hub-failed': 'Übergabe an das Beratungsnetz gescheitert',
      'moved-to-callback': 'In Rückrufwunsch umgewandelt',
    }),
  });
})();
