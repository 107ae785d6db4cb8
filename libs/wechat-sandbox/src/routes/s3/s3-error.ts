/** An S3 error reply: the status and S3's XML `<Error>` body, which the AWS SDK parses. */
export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'S3Error';
  }

  toXml(resource: string): string {
    const escape = (text: string) =>
      text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);
    return (
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>${this.code}</Code><Message>${escape(this.message)}</Message>` +
      `<Resource>${escape(resource)}</Resource></Error>`
    );
  }
}
