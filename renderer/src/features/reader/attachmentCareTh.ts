// Thai strings of the reader's attachment Open/Save and their risk warnings; spread into i18n/th.ts (one
// line). en: attachmentCareEn.ts, typed as this shape.
export const attachmentCareTh = {
  attachmentCare: {
    open: 'เปิด',
    save: 'บันทึก',
    openNamed: 'เปิด {{name}}',
    saveNamed: 'บันทึก {{name}}',
    saveOnly: 'ไฟล์ชนิดนี้อาจเป็นอันตราย บันทึกได้อย่างเดียว ไม่เปิดโดยตรง',
    tooLarge: 'ไฟล์ใหญ่เกินกว่าจะบันทึกผ่านเบราว์เซอร์ได้ กรุณาใช้โปรแกรมบนเครื่อง',
    failed: 'เปิดหรือบันทึกไฟล์แนบไม่สำเร็จ: {{message}}',
    reason: {
      'dangerous-type': 'ไฟล์ชนิดนี้สามารถสั่งให้เครื่องทำงานได้ (เช่น โปรแกรม สคริปต์ หรือหน้าเว็บ)',
      'double-extension': 'ชื่อไฟล์มีนามสกุลซ้อนกัน ซึ่งมักใช้หลอกว่าเป็นไฟล์เอกสาร',
      'bidi-control': 'ชื่อไฟล์มีอักขระกลับทิศทางที่ทำให้นามสกุลที่เห็นไม่ตรงกับความจริง',
      'invisible-character': 'ชื่อไฟล์มีอักขระที่มองไม่เห็น',
      'no-extension': 'ไฟล์ไม่มีนามสกุล จึงไม่ทราบว่าเครื่องจะเปิดด้วยโปรแกรมใด',
    },
  },
};
