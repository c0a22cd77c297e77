// Read to me: a button before each question (and beside each answer) on the pupils' pages that
// speaks its words with the browser's speech synthesis, only when pressed, each passage in the
// language of its nearest element with a lang attribute (a school's English words on a Welsh
// or Urdu page are read as English). Where the browser cannot speak, no button appears.
// Nothing else on these pages needs JavaScript.
//
// Markup: data-read on the words to read; data-read-before="<id>" puts the button before that
// element (otherwise before the words, or after the label or legend they sit in);
// data-read-with="<id> <id>" reads those elements' words after them.
(function () {
  'use strict'
  if (!('speechSynthesis' in window) || typeof window.SpeechSynthesisUtterance !== 'function') return
  var synth = window.speechSynthesis
  var pageLang = (document.documentElement.lang || 'en').toLowerCase()
  var label = document.body.getAttribute('data-read-label') || 'Read to me'

  function voiceFor (code) {
    var voices = synth.getVoices() || []
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].lang && voices[i].lang.toLowerCase().indexOf(code) === 0) return voices[i]
    }
    return null
  }

  function langOf (element) {
    var holder = element.closest('[lang]')
    return ((holder && holder.getAttribute('lang')) || pageLang).toLowerCase()
  }

  function wordsOf (element) {
    return element.textContent.replace(/\s+/g, ' ').trim()
  }

  function speak (parts) {
    synth.cancel()
    parts.forEach(function (part) {
      var utterance = new window.SpeechSynthesisUtterance(part.text)
      utterance.lang = part.lang
      var voice = voiceFor(part.lang.split('-')[0])
      if (voice) utterance.voice = voice
      synth.speak(utterance)
    })
  }

  function partsOf (item) {
    var parts = [{ text: wordsOf(item), lang: langOf(item) }]
    var more = (item.getAttribute('data-read-with') || '').split(/\s+/)
    for (var i = 0; i < more.length; i++) {
      var element = more[i] && document.getElementById(more[i])
      if (element && wordsOf(element)) parts.push({ text: wordsOf(element), lang: langOf(element) })
    }
    return parts
  }

  function place (item, button) {
    var before = item.getAttribute('data-read-before')
    var anchor = before && document.getElementById(before)
    if (anchor) {
      anchor.parentNode.insertBefore(button, anchor)
      return
    }
    // A button cannot sit inside a label or a legend: it goes just after them.
    var holder = item.closest('label, legend')
    if (holder) holder.parentNode.insertBefore(button, holder.nextSibling)
    else item.parentNode.insertBefore(button, item)
  }

  var items = document.querySelectorAll('[data-read]')
  for (var i = 0; i < items.length; i++) {
    (function (item) {
      var text = wordsOf(item)
      if (!text) return
      var button = document.createElement('button')
      button.type = 'button'
      button.className = 'app-voice-read-button'
      button.textContent = label
      var hidden = document.createElement('span')
      hidden.className = 'govuk-visually-hidden'
      hidden.textContent = ': '
      var words = document.createElement('span')
      words.textContent = text
      hidden.appendChild(words)
      button.appendChild(hidden)
      button.addEventListener('click', function () { speak(partsOf(item)) })
      place(item, button)
      var lang = langOf(item)
      if (langOf(button) !== lang) {
        words.lang = lang
        if (item.getAttribute('dir')) words.dir = item.getAttribute('dir')
      }
    })(items[i])
  }
})()
