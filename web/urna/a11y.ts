// Accessibility of the urna page (issue #4): an audio mode that speaks each new screen with the browser's speech
// synthesis (the texts are the core's, src/urna/screens.ts Screen.audio, pt-BR from the TSE templates), and two
// display toggles, large text and high contrast, which only switch classes on <body> (style.css). Nothing is
// persisted: each session of the urna starts in the default mode, as the voter before may have changed it.

/** The toggle buttons, by id in index.html, and the keyboard shortcut of each. */
export const A11Y_SHORTCUTS: Readonly<Record<string, string>> = {
  a: 'a11y-audio',
  g: 'a11y-large',
  c: 'a11y-contrast',
};

/** Texts sent to speech so far (a test hook reads a copy). */
const spokenTexts: string[] = [];
let audioOn = false;
/** The last text spoken: a re-render of the same screen (e.g. a refused key) is not spoken again. */
let lastSpoken = '';

function synth(): SpeechSynthesis | undefined {
  return 'speechSynthesis' in window && window.speechSynthesis ? window.speechSynthesis : undefined;
}

function setPressed(button: HTMLElement, on: boolean): void {
  button.setAttribute('aria-pressed', on ? 'true' : 'false');
}

/** Speaks a screen's audio text if the audio mode is on and the text is new; cancels what was being said. */
export function speakScreen(text: string): void {
  if (!audioOn || text === '' || text === lastSpoken) return;
  const s = synth();
  if (!s) return;
  lastSpoken = text;
  spokenTexts.push(text);
  try {
    // A new screen makes what was said of the previous one obsolete: the voter hears only the current screen.
    s.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.lang = 'pt-BR';
    s.speak(u);
  } catch {
    // A speech engine that fails must not stop the urna: the screen is still drawn.
  }
}

/** Forgets the last text, so that the next screen is spoken even if equal (a locked screen came in between). */
export function screenCleared(): void {
  lastSpoken = '';
}

/**
 * Wires the three toggles. `currentAudio` gives the audio text of the screen on display, spoken when the audio mode
 * is turned on so that the voter hears where they are.
 */
export function wireA11y(currentAudio: () => string): void {
  const audioButton = document.getElementById('a11y-audio');
  const large = document.getElementById('a11y-large');
  const contrast = document.getElementById('a11y-contrast');
  if (!audioButton || !large || !contrast) throw new Error('index.html has no accessibility toggles');
  if (!synth()) {
    audioButton.textContent = 'Modo áudio indisponível neste navegador';
    audioButton.setAttribute('aria-disabled', 'true');
  }
  audioButton.addEventListener('click', () => {
    if (!synth()) return;
    audioOn = !audioOn;
    setPressed(audioButton, audioOn);
    if (audioOn) {
      lastSpoken = '';
      speakScreen(currentAudio() || 'Modo áudio ativado.');
    } else {
      synth()?.cancel();
    }
  });
  const toggleClass = (button: HTMLElement, cls: string): void => {
    button.addEventListener('click', () => setPressed(button, document.body.classList.toggle(cls)));
  };
  toggleClass(large, 'large-text');
  toggleClass(contrast, 'high-contrast');
}

/** The shortcut's toggle for a keydown, if the key is one (no modifiers). */
export function a11yShortcut(e: KeyboardEvent): HTMLElement | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  const id = A11Y_SHORTCUTS[e.key.toLowerCase()];
  return id ? (document.getElementById(id) ?? undefined) : undefined;
}

export function spoken(): string[] {
  return [...spokenTexts];
}
