import type { TcpState } from '../states.js';

/**
 * State names net-tools' `netstat` prints in other locales (gettext catalogs of net-tools 2.10,
 * /usr/share/locale/{cs,de,pt_BR}/LC_MESSAGES/net-tools.mo; et, fr and ja keep the English names).
 * Upper-cased. One Czech name has a space in it, so callers try two tokens joined too.
 */
const TRANSLATED: Record<string, TcpState> = {
  // cs
  SPOJENO: 'ESTABLISHED',
  ZAVŘEN: 'CLOSE',
  'POSLEDNÍ ACK': 'LAST_ACK',
  NASLOUCHÁ: 'LISTEN',
  ZAVÍRÁ: 'CLOSING',
  // de
  VERBUNDEN: 'ESTABLISHED',
  // pt_BR
  ESTABELECIDA: 'ESTABLISHED',
  SYN_ENVIADO: 'SYN_SENT',
  SYN_RECEBIDO: 'SYN_RECV',
  ESPERA_FIN1: 'FIN_WAIT1',
  ESPERA_FIN2: 'FIN_WAIT2',
  FECHAR: 'CLOSE',
  ESPERANDO_FECHAR: 'CLOSE_WAIT',
  ÚLTIMO_ACK: 'LAST_ACK',
  OUÇA: 'LISTEN',
  FECHANDO: 'CLOSING',
};

export function stateFromNetToolsName(name: string): TcpState | undefined {
  return TRANSLATED[name.toUpperCase()];
}
