/**
 * Everything of an export's XLSX but its data rows: the package parts, the sheet's XML up to
 * its header row and from the end of its data on, and the style of each column's cells,
 * written here as exceljs 4.4's streaming writer writes them for our options (no shared
 * strings; one number style '0.00' for amounts and percentages when the layout has any;
 * column widths; the header row frozen). The writers test
 * (tests/integration/exports-writers.test.ts) compares every part with the file exceljs
 * itself writes for the same rows, so a difference shows there. Made without exceljs:
 * loading it took longer than writing a roster (and a job worker paid it at its first
 * export).
 */
import type { Column } from '../layout';
import { xmlText } from './xlsx-rows';
import { THEME_XML } from './xlsx-theme';

export interface XlsxPart {
  name: string;
  data: Buffer;
}

export interface XlsxTemplate {
  /** the zip entries before the sheet, in exceljs's order */
  before: XlsxPart[];
  sheetPath: string;
  /** the sheet's XML up to its data (the header row is written as a row) */
  sheetHead: string;
  /** the sheet's XML from the end of its data on */
  sheetTail: string;
  after: XlsxPart[];
  /** per column: the style id of its cells, if any */
  styleIds: (number | undefined)[];
}

const isStyled = (c: Column) => c.type === 'amount' || c.type === 'percent';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const SHEET_PATH = 'xl/worksheets/sheet1.xml';
/** the one number style: exceljs's cellXfs index 1, built-in format 2 ('0.00') */
const NUMBER_STYLE = 1;

/** The width exceljs was given per column since the first XLSX export. */
function widthOf(c: Column): number {
  return c.type === 'text' ? Math.max(12, Math.min(30, c.name.length * 2 + 4)) : c.type === 'datetime' ? 20 : 14;
}

/** `<cols>`: neighbouring columns of the same width and style share one element, as exceljs merges them. */
function colsXml(columns: readonly Column[], styled: boolean): string {
  let xml = '';
  for (let i = 0; i < columns.length; ) {
    const width = widthOf(columns[i]!);
    const style = styled && isStyled(columns[i]!);
    let j = i + 1;
    while (j < columns.length && widthOf(columns[j]!) === width && (styled && isStyled(columns[j]!)) === style) j++;
    xml += `<col min="${i + 1}" max="${j}" width="${width}"${style ? ` style="${NUMBER_STYLE}"` : ''} customWidth="1"/>`;
    i = j;
  }
  return `<cols>${xml}</cols>`;
}

function sheetHead(columns: readonly Column[], styled: boolean): string {
  return (
    `${XML_DECLARATION}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>' +
    colsXml(columns, styled) +
    '<sheetData>'
  );
}

const SHEET_TAIL =
  '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><pageSetup orientation="portrait" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="1" fitToHeight="1"/></worksheet>';

const ROOT_RELS =
  `${XML_DECLARATION}\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>';

const CONTENT_TYPES =
  `${XML_DECLARATION}\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
  '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
  '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>' +
  '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
  '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>' +
  '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
  '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>';

function appXml(sheetName: string): string {
  return (
    `${XML_DECLARATION}\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">` +
    '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
    '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs>' +
    `<TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>${xmlText(sheetName)}</vt:lpstr></vt:vector></TitlesOfParts>` +
    '<Company></Company><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>'
  );
}

/** exceljs's W3CDTF: UTC to the second. */
function w3cdtf(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function coreXml(at: Date): string {
  return (
    `${XML_DECLARATION}\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
    `<dc:creator>ExcelJS</dc:creator><cp:lastModifiedBy>ExcelJS</cp:lastModifiedBy><dcterms:created xsi:type="dcterms:W3CDTF">${w3cdtf(at)}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${w3cdtf(at)}</dcterms:modified></cp:coreProperties>`
  );
}

function stylesXml(styled: boolean): string {
  // exceljs orders the fonts' attributes differently with and without its style manager
  const fonts = styled ? '<fonts count="1" x14ac:knownFonts="1">' : '<fonts x14ac:knownFonts="1" count="1">';
  const cellXfs = styled
    ? '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    : '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>';
  return (
    `${XML_DECLARATION}\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac x16r2" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main">` +
    `${fonts}<font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font></fonts>` +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    cellXfs +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>' +
    '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
    '<extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext>' +
    '<ext uri="{9260A510-F301-46a8-8635-F512D64BE5F5}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:timelineStyles defaultTimelineStyle="TimeSlicerStyleLight1"/></ext></extLst></styleSheet>'
  );
}

const WORKBOOK_RELS =
  `${XML_DECLARATION}\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' +
  '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme" Target="theme/theme1.xml"/>' +
  '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>';

function workbookXml(sheetName: string): string {
  return (
    `${XML_DECLARATION}\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main">` +
    '<fileVersion appName="xl" lastEdited="5" lowestEdited="5" rupBuild="9303"/><workbookPr defaultThemeVersion="164011" filterPrivacy="1"/>' +
    `<sheets><sheet sheetId="1" name="${xmlText(sheetName)}" state="visible" r:id="rId3"/></sheets><calcPr calcId="171027"/></workbook>`
  );
}

const part = (name: string, xml: string): XlsxPart => ({ name, data: Buffer.from(xml, 'utf8') });

/** The parts of a workbook with these columns written at `at` (docProps/core.xml carries the time). */
export function xlsxTemplate(columns: readonly Column[], sheetName: string, at = new Date()): XlsxTemplate {
  // Styles only where a column needs a number format: they cost nothing in the small
  // files, and the big ledger has none.
  const styled = columns.some(isStyled);
  return {
    before: [part('xl/theme/theme1.xml', THEME_XML), part('_rels/.rels', ROOT_RELS)],
    sheetPath: SHEET_PATH,
    sheetHead: sheetHead(columns, styled),
    sheetTail: SHEET_TAIL,
    after: [
      part('[Content_Types].xml', CONTENT_TYPES),
      part('docProps/app.xml', appXml(sheetName)),
      part('docProps/core.xml', coreXml(at)),
      part('xl/styles.xml', stylesXml(styled)),
      part('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
      part('xl/workbook.xml', workbookXml(sheetName)),
    ],
    styleIds: columns.map((c) => (styled && isStyled(c) ? NUMBER_STYLE : undefined)),
  };
}
