// Front-end initialisation, served as a static ES module. Inline scripts are
// forbidden by the Content-Security-Policy, so the govuk-frontend body classes
// are added here. Browsers without ES modules never run this file and keep
// the no-JavaScript experience, which is complete.
import { initAll } from './govuk-frontend.min.js'
import { connectLiveRegions } from './live-regions.js'
import { connectNotifications } from './notifications.js'

document.body.className +=
  ' js-enabled' +
  ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '')

initAll()
connectLiveRegions()
connectNotifications(document.getElementById('live-notifications'))
