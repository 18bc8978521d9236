/**
 * Plinth's outgoing mail: password reset and address verification links, sent through
 * the SMTP server at PLINTH_SMTP_URL (Mailpit in docker-compose, a provider in
 * production) by nodemailer. Without that setting there is no mailer, and the flows
 * that need one say so and offer their fallback (a reset link from the app's owner).
 */
import nodemailer from "nodemailer";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
    close() {
      transport.close();
    },
  };
}
