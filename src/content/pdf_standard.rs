//! PDF standards (PDF 标准) a site may ask its sheets to conform to: PDF/A-2b for electronic
//! archiving (电子文件归档) or PDF/UA-1 for screen readers. site.yaml names one
//! (`print.pdf_standard`); print hands it to Typst's PDF export.

/// A PDF standard the sheets conform to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PdfStandard {
    /// PDF/A-2b: self-contained, fonts embedded, colours defined (archiving); colours are
    /// written as RGB, since a print-shop CMYK profile has no place in an archive.
    A2b,
    /// PDF/UA-1: tagged, titled, images with alternative text (accessibility).
    Ua1,
}

crate::vocabulary!(PdfStandard {
    A2b: "a-2b", "PDF/A-2b 归档", ["a-2b", "pdf/a-2b", "pdfa-2b", "归档"];
    Ua1: "ua-1", "PDF/UA-1 无障碍", ["ua-1", "pdf/ua-1", "pdfua-1", "无障碍"];
});
