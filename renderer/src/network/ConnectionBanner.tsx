import { useEffect, useRef } from 'react';
import { Icon } from '../components/Icon';
import { useNetworkMode } from '../live';
import { ForgetAndPairAgain } from './WorkstationEnded';
import './network.css';

/**
 * On a workstation, a bar across the top whenever the clinic's computer cannot be reached (said
 * within seconds): the screen below stays as it was, readable, with whatever was typed in it, and
 * saving is refused with a message until the connection is back, which happens by itself. A
 * certificate that changed at the host's address is told what to do. (A revoked workstation's
 * whole screen says so instead: see WorkstationEnded.)
 */
export function ConnectionBanner() {
  const mode = useNetworkMode();
  const ws = mode?.workstation;
  const bar = useRef<HTMLDivElement | null>(null);
  const shown = !!ws && ws.state !== 'online' && ws.state !== 'revoked';
  // The sidebar stays whole below the bar: it reads the bar's height from --connection-banner-height.
  useEffect(() => {
    const root = document.documentElement;
    const el = bar.current;
    if (!shown || !el) {
      root.style.removeProperty('--connection-banner-height');
      return;
    }
    const measure = () => root.style.setProperty('--connection-banner-height', `${el.offsetHeight}px`);
    measure();
    const watch = new ResizeObserver(measure);
    watch.observe(el);
    return () => {
      watch.disconnect();
      root.style.removeProperty('--connection-banner-height');
    };
  }, [shown, ws?.state]);
  if (!shown) return null;
  if (ws.state === 'connecting') {
    return (
      <div ref={bar} className="connection-banner connection-waiting" role="status">
        {ws.message}
      </div>
    );
  }
  const final = ws.state === 'host_changed';
  const cut = ws.message.indexOf('. ');
  const [headline, rest] = cut > 0 ? [ws.message.slice(0, cut + 1), ws.message.slice(cut + 2)] : [ws.message, ''];
  return (
    <div ref={bar} className={`connection-banner ${final ? 'connection-final' : 'connection-offline'}`} role="alert">
      <Icon name="alert" />
      <div>
        <strong>{headline}</strong> <span>{rest}</span>
        {final && (
          <div className="connection-actions">
            <ForgetAndPairAgain />
          </div>
        )}
      </div>
    </div>
  );
}

/** A certificate fingerprint in groups of four, each group kept whole when the line wraps. */
export function Fingerprint({ value, testId }: { value: string; testId?: string }) {
  return (
    <p className="fingerprint" data-testid={testId}>
      {value.split(' ').map((g, i) => (
        <span key={i}>{g}</span>
      ))}
    </p>
  );
}
