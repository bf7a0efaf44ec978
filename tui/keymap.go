package tui

import (
	"charm.land/bubbles/v2/key"
)

// keyID names a key binding of the screens by what it does. Every key the
// screens answer is in keymap, so a key is changed (or its help text
// reworded) in one place, and two screens that mean the same thing use the
// same key.
type keyID int

const (
	keyHelp keyID = iota
	keyHelpF1
	keyEmailTickets
	keyScrollReceipt
	keyLock
	keyCancelQuit
	keyQuit
	keyUp
	keyDown
	keyPlus
	keyMinus
	keyCategoryCycle
	keyRemove
	keyForm
	keyText
	keyCustomer
	keyCode
	keyPay
	keyBack
	keyNextField
	keyConfirm
	keyInout
	keyPickTicket
	keyValidate
	keyCancelorder
	keyReprint
	keyExchange
	keyUpInField
	keyDownInField
	keyOpen
	keyZClose
	keyNextSale
	keyTicket
	keyShowReceipt
	keyPrintReceipt
	keyFullqr
	keyUpMethod
	keyDownMethod
	keyTabField
	keyUndo
	keyPageUp
	keyPageDown
	keySelect
	keySearch
	keySearchShow
	keySearchCancel
	keyTab
	keyDates
	keyDaterange
	keyEvent
	keyCart
	keyOrders
	keyCash
	keyReport
	keyRemovecode
	keyNew
	keyLeft
	keyRight
	keyFirstRow
	keyLastRow
	keyRowStart
	keyRowEnd
	keySeat
	keyCategoryDigit
	keyQtyDigits
	keyLang
	keyPlusSideways
	keyMinusSideways
	keyAdd
	keyTraining
	// after the sale (issue 12)
	keyWay
	keyOrderFilter
	keyBalance
	keyComp
	keyAdmin
	keyCodeAdd
	keyCodeGenerate
	keyCodeLimit
	keyCodeCopy
	keyCodeToggle
	keyCodeDelete
	keyCodeExport
	keyCodeImport
	keyCodeHistory
	keyEditCustomer
	keyOrderCustomer
	keyOfferAdd
	keyOfferEdit
	keyCustomersImport
	keyPINClear
	keyScrollReport
	keyPrintReport
	keyOrderReceipt
	keyUndoYes
	keyUndoKeep
	keyLockYes
	keyQuitYes
)

// keyDef is a binding: the keys that trigger it, how help names them, and
// the message key of what it does.
type keyDef struct {
	keys []string
	help string
	desc string
}

var keymap = [...]keyDef{
	keyEmailTickets:    {[]string{"e"}, "e", "key.emailtickets"},
	keyScrollReceipt:   {[]string{"up", "down", "pgup", "pgdown"}, "↑/↓", "key.scrollreceipt"},
	keyHelpF1:          {[]string{"f1"}, "F1", "key.help"},
	keyLock:            {[]string{"l"}, "l", "key.lock"},
	keyCancelQuit:      {[]string{"esc"}, "esc", "key.stay"},
	keyHelp:            {[]string{"?"}, "?", "key.help"},
	keyQuit:            {[]string{"ctrl+c"}, "ctrl+c", "key.quit"},
	keyUp:              {[]string{"up", "k"}, "↑/k", "key.up"},
	keyDown:            {[]string{"down", "j"}, "↓/j", "key.down"},
	keyPlus:            {[]string{"+", "="}, "+/-", "key.plusminus"},
	keyMinus:           {[]string{"-"}, "-", "key.plusminus"},
	keyCategoryCycle:   {[]string{"left", "right", "h", "l"}, "←/→", "key.category"},
	keyRemove:          {[]string{"x", "delete"}, "x", "key.remove"},
	keyForm:            {[]string{"f"}, "f", "key.form"},
	keyText:            {[]string{"t"}, "t", "key.text"},
	keyCustomer:        {[]string{"u"}, "u", "key.customer"},
	keyCode:            {[]string{"p"}, "p", "key.code"},
	keyPay:             {[]string{"enter"}, "enter", "key.pay"},
	keyBack:            {[]string{"esc"}, "esc", "key.back"},
	keyNextField:       {[]string{"tab", "down", "up"}, "tab", "key.field"},
	keyConfirm:         {[]string{"enter"}, "enter", "key.confirm"},
	keyInout:           {[]string{"ctrl+o"}, "ctrl+o", "key.inout"},
	keyPickTicket:      {[]string{"space"}, "space", "key.pick"},
	keyValidate:        {[]string{"v"}, "v", "key.validate"},
	keyCancelorder:     {[]string{"a"}, "a", "key.cancelorder"},
	keyReprint:         {[]string{"r"}, "r", "key.reprint"},
	keyExchange:        {[]string{"x"}, "x", "key.exchange"},
	keyUpInField:       {[]string{"up"}, "↑", "key.up"},
	keyDownInField:     {[]string{"down"}, "↓", "key.down"},
	keyOpen:            {[]string{"enter"}, "enter", "key.open"},
	keyZClose:          {[]string{"z"}, "z", "key.zclose"},
	keyNextSale:        {[]string{"n", "enter", "esc"}, "enter", "key.next"},
	keyTicket:          {[]string{"right", "left", "l", "h"}, "←/→", "key.ticket"},
	keyShowReceipt:     {[]string{"tab"}, "tab", "key.receipt"},
	keyPrintReceipt:    {[]string{"r"}, "r", "key.printreceipt"},
	keyFullqr:          {[]string{"q"}, "q", "key.fullqr"},
	keyUpMethod:        {[]string{"up", "k"}, "↑", "key.up"},
	keyDownMethod:      {[]string{"down", "j"}, "↓", "key.down"},
	keyTabField:        {[]string{"tab"}, "tab", "key.field"},
	keyUndo:            {[]string{"backspace"}, "⌫", "key.undo"},
	keyPageUp:          {[]string{"pgup"}, "pgup", "key.page"},
	keyPageDown:        {[]string{"pgdown"}, "pgdown", "key.page"},
	keySelect:          {[]string{"enter"}, "enter", "key.select"},
	keySearch:          {[]string{"/"}, "/", "key.search"},
	keySearchShow:      {[]string{"enter"}, "enter", "key.searchshow"},
	keySearchCancel:    {[]string{"esc"}, "esc", "key.searchcancel"},
	keyTab:             {[]string{"tab"}, "tab", "key.tab"},
	keyDates:           {[]string{"d"}, "d", "key.dates"},
	keyDaterange:       {[]string{"D"}, "D", "key.daterange"},
	keyEvent:           {[]string{"e"}, "e", "key.event"},
	keyCart:            {[]string{"c"}, "c", "key.cart"},
	keyOrders:          {[]string{"o"}, "o", "key.orders"},
	keyCash:            {[]string{"m"}, "m", "key.cash"},
	keyReport:          {[]string{"z"}, "z", "key.report"},
	keyRemovecode:      {[]string{"ctrl+x"}, "ctrl+x", "key.removecode"},
	keyNew:             {[]string{"ctrl+n"}, "ctrl+n", "key.new"},
	keyLeft:            {[]string{"left", "h"}, "←/h", "key.left"},
	keyRight:           {[]string{"right", "l"}, "→/l", "key.right"},
	keyFirstRow:        {[]string{"g"}, "g/G", "key.rowjump"},
	keyLastRow:         {[]string{"G"}, "G", "key.rowjump"},
	keyRowStart:        {[]string{"home", "0"}, "home/end", "key.rowends"},
	keyRowEnd:          {[]string{"end", "$"}, "end", "key.rowends"},
	keySeat:            {[]string{"space", "enter"}, "space", "key.seat"},
	keyQtyDigits:       {[]string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "backspace"}, "0-9", "key.qtydigits"},
	keyCategoryDigit:   {[]string{"1", "2", "3", "4", "5", "6", "7", "8", "9"}, "1-9", "key.category"},
	keyLang:            {[]string{"tab"}, "tab", "key.lang"},
	keyPlusSideways:    {[]string{"+", "right", "l", "="}, "+/-", "key.plusminus"},
	keyMinusSideways:   {[]string{"-", "left", "h"}, "-", "key.plusminus"},
	keyAdd:             {[]string{"enter"}, "enter", "key.add"},
	keyTraining:        {[]string{"ctrl+t"}, "ctrl+t", "key.training"},
	keyWay:             {[]string{"left", "right"}, "←/→", "key.way"},
	keyOrderFilter:     {[]string{"tab"}, "tab", "key.orderfilter"},
	keyBalance:         {[]string{"b"}, "b", "key.balance"},
	keyComp:            {[]string{"i"}, "i", "key.comp"},
	keyAdmin:           {[]string{"a"}, "a", "key.admin"},
	keyCodeAdd:         {[]string{"n"}, "n", "key.codeadd"},
	keyCodeGenerate:    {[]string{"g"}, "g", "key.codegenerate"},
	keyCodeLimit:       {[]string{"u"}, "u", "key.codelimit"},
	keyCodeCopy:        {[]string{"c"}, "c", "key.codecopy"},
	keyCodeToggle:      {[]string{"d"}, "d", "key.codetoggle"},
	keyCodeDelete:      {[]string{"x", "delete"}, "x", "key.codedelete"},
	keyCodeExport:      {[]string{"e"}, "e", "key.codeexport"},
	keyCodeImport:      {[]string{"i"}, "i", "key.codeimport"},
	keyCodeHistory:     {[]string{"h"}, "h", "key.codehistory"},
	keyEditCustomer:    {[]string{"ctrl+e"}, "ctrl+e", "key.editcustomer"},
	keyOrderCustomer:   {[]string{"u"}, "u", "key.customer"},
	keyOfferAdd:        {[]string{"n"}, "n", "key.offeradd"},
	keyOfferEdit:       {[]string{"m"}, "m", "key.offeredit"},
	keyCustomersImport: {[]string{"i"}, "i", "key.customersimport"},
	keyPINClear:        {[]string{"p"}, "p", "key.pinclear"},
	keyScrollReport:    {[]string{"up", "down", "pgup", "pgdown"}, "↑/↓", "key.scrollreport"},
	keyPrintReport:     {[]string{"p"}, "p", "key.printreport"}, // p prints, as the order desk's receipt
	keyOrderReceipt:    {[]string{"p"}, "p", "key.orderreceipt"},
	keyUndoYes:         {[]string{"enter"}, "enter", "key.undoyes"},
	keyUndoKeep:        {[]string{"esc"}, "esc", "key.undokeep"}, // or any other key
	keyLockYes:         {[]string{"l", "enter"}, "l/enter", "key.lock"},
	keyQuitYes:         {[]string{"ctrl+c", "enter"}, "ctrl+c/enter", "key.quit"},
}

// key is a binding in the screen's language.
func (c *common) key(id keyID) key.Binding {
	d := keymap[id]
	return key.NewBinding(key.WithKeys(d.keys...), key.WithHelp(keyNames(c.lang, d.help), c.T(d.desc)))
}
