"""Build the NZ conversational PII evaluation set (nz_conversational.jsonl).

The sentence data lives in CASES below. Each case is (tags, marked_text), where
personal information is marked inline as [[CODE:value]]. The script strips the
markup, computes Python character offsets, checks the result and writes
nz_conversational.jsonl next to this file. Output is deterministic.

Run:  python evals/pii/build_nz_conversational.py
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("nz_conversational.jsonl")

CODES = {
    "PER": "PERSON",
    "LOC": "LOCATION",
    "ADDR": "STREET_ADDRESS",
    "PH": "PHONE_NUMBER",
    "EM": "EMAIL_ADDRESS",
    "CC": "CREDIT_CARD",
    "IRD": "NZ_IRD_NUMBER",
    "BANK": "NZ_BANK_ACCOUNT",
    "NHI": "NZ_NHI_NUMBER",
    "DL": "NZ_DRIVER_LICENCE",
    "DOB": "DATE_OF_BIRTH",
    "IP": "IP_ADDRESS",
    "URL": "URL",
    "IBAN": "IBAN_CODE",
}

TAGS = {
    "maori-name",
    "pacific-name",
    "asian-name",
    "european-name",
    "first-name-reuse",
    "lowercase",
    "word-name",
    "negative",
    "mobile",
    "landline",
    "freephone",
    "international",
    "ird",
    "bank",
    "nhi",
    "licence",
    "address",
    "email",
    "card",
    "dob",
    "bad-checksum",
    "location",
    "long",
    "emoji",
    "other",
}

# (tags, text with [[CODE:value]] markup). Names and numbers are invented.
# fmt: off
CASES: list[tuple[str, str]] = [
    # --- Māori names -------------------------------------------------------
    ("pacific-name mobile", "[[PER:Grace Tupou]] does the invoices on Fridays, you can reach her on [[PH:021 555 0199]]."),
    ("maori-name mobile", "Kia ora, my name is [[PER:Aroha Ngata]] and I run a small cleaning business, best number is [[PH:021 384 2291]]."),
    ("maori-name first-name-reuse landline", "[[PER:Wiremu Te Awa]] handles all our quotes. If the quote is over $10k, [[PER:Wiremu]] wants a call first on [[PH:(09) 836 4102]]."),
    ("maori-name lowercase", "ask [[PER:mere]] about the roster, she sorted out who's doing the saturday shifts"),
    ("maori-name email", "Invoices go to [[PER:Hemi Walker]] at [[EM:hemi.walker@kauriplumbing.co.nz]], he's our office manager and chases the late payers."),
    ("maori-name ird", "[[PER:Ngaire Tawhiri]] started Monday as a part-timer, her IRD number is [[IRD:115-984-624]] so can you add her to payroll in Xero?"),
    ("maori-name location", "[[PER:Rangi Parata]] runs the [[LOC:Whangārei]] crew and [[PER:Tipene Ngata]] looks after everything south of [[LOC:Kaiwaka]]."),
    ("maori-name", "Thanks for the help with the GST return, talk soon. Cheers, [[PER:Tama]]"),
    ("maori-name nhi", "Patient [[PER:Kiri Te Awa]] rebooked for Thursday at 2pm, her NHI is [[NHI:FMH8885]] if you need to pull up the file."),
    ("maori-name address", "Deliveries for [[PER:Manaia Tawhiri]] go to [[ADDR:17 Kōwhai Crescent, Ōtāhuhu, Auckland 1062]], leave them by the side gate."),
    ("maori-name lowercase mobile", "[[PER:hemi]] said to text him on [[PH:0274418830]] when the timber arrives, dont ring hes on the tools all day"),
    ("maori-name bank", "Can you pay [[PER:Hine Walker]] for the catering, her account is [[BANK:38-9017-0456789-00]], invoice is INV-20518."),
    ("maori-name dob", "New starter paperwork: [[PER:Rawiri Kereama]], born [[DOB:14 August 1996]], starting on the packing line next week."),
    ("maori-name first-name-reuse", "Talk to [[PER:Aroha Parata]] about the catering order. [[PER:Aroha]] knows the dietary stuff better than anyone and [[PER:Aroha]] does the ordering on Tuesdays."),
    ("maori-name licence", "[[PER:Tipene Horomona]] is driving the van now, his licence number is [[DL:DK482913]] version 112 for the insurance form."),
    ("maori-name", "Ngā mihi for sorting the Xero bank feed, really appreciate it. Mauri ora, [[PER:Ngaire]]"),
    ("maori-name lowercase", "talk to [[PER:rangi]] bout the ute rego, its due next wk and i keep forgetting"),
    ("maori-name", "Please talk to [[PER:Hemi Parata]] before you order more concrete, he's got the quantities for the slab."),
    ("maori-name location", "[[PER:Ngaire Walker]] drives down from [[LOC:Ōtaki]] every morning so she can't start before 8:30."),
    ("maori-name email", "[[PER:Ngaire Parata]] from the trust is [[EM:ngaire.parata@hauora-trust.org.nz]], she approves the funding reports each quarter."),
    ("maori-name emoji", "Shoutout to [[PER:Mere Tawhiri]] 🙌 she smashed 200 orders yesterday, can u add a bonus to her pay?"),
    ("maori-name nhi dob", "[[PER:Mere Ngata]] NHI [[NHI:RVZ1805]] DOB [[DOB:12/07/1961]], diabetic foot check booked for the 4th."),
    ("maori-name ird bad-checksum", "IRD number: [[IRD:49-353-318]], that's what [[PER:Wiremu]] gave me for his withholding tax, but the form won't take it."),
    ("maori-name ird", "[[PER:Kiri Walker]] is going onto salary from next month, her ird is [[IRD:82-461-272]] and she's on KiwiSaver at 4%."),
    ("maori-name other", "[[PER:Hemi]] did our logo, his portfolio is at [[URL:https://hemitawhiri.myportfolio.com]] if you want someone for the signage."),
    # --- Pacific names -----------------------------------------------------
    ("pacific-name landline", "[[PER:Sione Fifita]] is our leading hand, landline at the yard is [[PH:09 274 6610]] but he's hardly ever in the office."),
    ("pacific-name first-name-reuse email", "[[PER:Mele Faleolo]] is taking over bookings. Send [[PER:Mele]] the spreadsheet at [[EM:mele.faleolo@gmail.com]] before Friday."),
    ("pacific-name lowercase", "[[PER:losa]] and [[PER:tavita]] are on the early shift tmrw, tell [[PER:losa]] the fryer is still playing up"),
    ("pacific-name location", "[[PER:Ana Taufa]] flies back from [[LOC:Tonga]] on the 12th so the Saturday market stall is just me and [[PER:Sefa Leota]] until then."),
    ("pacific-name ird bad-checksum", "[[PER:Tavita Leota]] filled in his IR330 and wrote his IRD number as [[IRD:16-199-711]], can you double check it before I file?"),
    ("pacific-name international location", "Our supplier contact in [[LOC:Samoa]] is [[PER:Ioane Fonoti]], his number is [[PH:+685 77 12345]], best to message in the evening."),
    ("pacific-name address", "[[PER:Malia Taufa]] has moved, new address is [[ADDR:Flat 2, 8 Massey Road, Mangere East, Auckland 2024]], please update her payslip details."),
    ("pacific-name nhi", "Mrs [[PER:Losa Fonoti]] came in for her dressing change, NHI [[NHI:SET2880]], next appointment in two weeks."),
    ("pacific-name bank", "Pay [[PER:Sione Taufa]] the $850 for the fence, bank account [[BANK:12-3141-0567890-00]], ref FENCE-22."),
    ("pacific-name first-name-reuse mobile", "[[PER:Tavita Faleolo]] quoted us for the signage. Ring [[PER:Tavita]] on [[PH:022 4187 553]] and tell him we're keen."),
    ("pacific-name", "That all sounds good, we'll go with the 12 month plan then. Cheers, [[PER:Sione]]"),
    ("pacific-name lowercase", "[[PER:ana]] said the fridge temps were fine this morning, all logged on the sheet by the door"),
    ("pacific-name address", "Pick up the tapa order from [[PER:Mele Taufa]] at [[ADDR:31 Church Street, Ōtāhuhu, Auckland 1062]] after 4 on Thursday."),
    ("pacific-name dob", "[[PER:Mele Fonoti]], born [[DOB:19/05/2002]], is our youngest staff member and she only does 20 hours a week."),
    ("pacific-name nhi bad-checksum", "NHI number is [[NHI:WHV3363]] according to the intake sheet for [[PER:Ana Leota]], but the system says it's not valid."),
    ("pacific-name licence", "Before [[PER:Sione]] drives the truck I need his class 4 licence number, he says it's [[DL:GT208845]]."),
    ("pacific-name ird", "[[PER:Sefa Leota]] sent his IRD number through as [[IRD:31-630-878]], can you add him to the contractor list in MYOB."),
    ("pacific-name nhi", "[[PER:Tavita Fonoti]], NHI [[NHI:XHF6865]], needs a follow-up in six weeks for the wrist."),
    ("pacific-name location", "[[PER:Nelson Faleolo]] from the [[LOC:Nelson]] branch is covering the stocktake while the manager is on leave."),
    ("pacific-name emoji mobile location", "[[PER:Sione]] is sick today 🤒 so call [[PER:Tavita]] on [[PH:027 661 3309]] for the [[LOC:Mt Wellington]] job"),
    # --- Asian names -------------------------------------------------------
    ("asian-name email", "Our accountant is [[PER:Wei Chen]] at [[EM:wei@chenandassociates.co.nz]], she needs the March bank statements by the 20th."),
    ("asian-name landline", "Dr [[PER:Priya Sharma]] is the practice owner, her direct line is [[PH:04 801 2345]] but the reception line is better."),
    ("asian-name other", "[[PER:Linh Nguyen]] does our nails and lash bookings three days a week, and Ms [[PER:Nguyen]] is also training the new girl."),
    ("asian-name mobile", "[[PER:Jin-woo Park]] from the kitchen fit-out company said he'd be here at 7, his mobile is [[PH:021-634-8812]]."),
    ("asian-name ird", "[[PER:Arjun Patel]] is on the 30 hours a week contract now, IRD [[IRD:28-751-672]], tax code M."),
    ("asian-name location", "[[PER:Deepa Nair]] manages the [[LOC:Hamilton]] branch and [[PER:Raj Singh]] covers [[LOC:Tauranga]] and the [[LOC:Bay of Plenty]] clients."),
    ("asian-name dob", "For the visa paperwork, [[PER:Xiaoling Zhang]], DOB [[DOB:03/03/1978]], has been with us since 2019 as head chef."),
    ("asian-name lowercase", "[[PER:wei chen]] rang about the stock order, can u call her back before 3"),
    ("asian-name card", "[[PER:Hiroshi Tanaka]] paid the deposit over the phone with card [[CC:4656 3048 1373 4337]], expiry 09/27, I wrote it on the job sheet."),
    ("asian-name first-name-reuse", "[[PER:Mei Lin Wong]] is our new bookkeeper. [[PER:Mei Lin]] will take over the Xero reconciliations from [[PER:Minh Tran]]."),
    ("asian-name nhi", "[[PER:Arjun Mehta]], NHI [[NHI:RBR41YG]], called to move his physio session from Wednesday to Friday at 10am."),
    ("asian-name address", "Ship the samples to [[PER:Minh Tran]], [[ADDR:45 Dominion Road, Mount Eden, Auckland 1024]], attention warehouse."),
    ("asian-name email", "Forward the supplier contract to [[EM:priya.sharma@sharmadental.co.nz]] and [[EM:admin@sharmadental.co.nz]], both need copies."),
    ("asian-name", "Let me know if you need anything else for the quote. Kind regards, [[PER:Deepa Nair]], Practice Manager"),
    ("asian-name", "my name is [[PER:Arjun Reddy]] and I run an IT support business with two techs and a part-time admin"),
    ("asian-name emoji", "Payment received from [[PER:Priya]] 🎉 thanks so much, we're all square now on the March invoices"),
    ("asian-name first-name-reuse licence", "[[PER:Hao Nguyen]] is our new courier. [[PER:Hao]]'s driver licence number is [[DL:NL573920]], version 218, please add him to the fleet insurance."),
    ("asian-name ird", "Employee [[PER:Sanjay Kumar]], IRD no. [[IRD:129625783]], start date 1 April, 40 hours a week on the day shift."),
    # --- European names ----------------------------------------------------
    ("european-name email", "Hi, [[PER:Sarah Thompson]] here from the bakery, please send the updated price list to [[EM:sarah@crumbandco.co.nz]]."),
    ("european-name landline", "[[PER:James O'Brien]] is the site manager, office number [[PH:03-477 1234]], he signs off all variations."),
    ("european-name location", "[[PER:Fiona MacDonald]] is moving to [[LOC:Dunedin]] in June so we need someone else to run the [[LOC:Christchurch]] deliveries."),
    ("european-name bank", "Refund for [[PER:Pieter van der Berg]] needs to go to [[BANK:02-0100-0123456-001]], he overpaid invoice INV-20431 by $120."),
    ("european-name licence", "Hire agreement for [[PER:Tom Harris]]: driver licence number [[DL:EK204517]], version 033, returning the ute Monday."),
    ("european-name first-name-reuse", "[[PER:Karen Whitfield]] is the practice manager. Anything about leave goes through [[PER:Karen]], not me."),
    ("european-name dob", "[[PER:Brendan McKay]] (born [[DOB:22 November 1984]]) is the new apprentice, can you set him up in Deputy?"),
    ("european-name card", "[[PER:Sophie Dubois]] wants to pay the balance by card, the number is [[CC:5412-2859-0031-4491]] and expiry is 04/28."),
    ("european-name ird", "[[PER:Hannah Jeffries]]'s IRD number is [[IRD:146-213-743]], she's on the student loan repayment code."),
    ("european-name email", "[[PER:Lucy Barrett]] left us a review and asked for a callback, her email is [[EM:lucyb1987@xtra.co.nz]]."),
    ("european-name email", "The MPI verifier we deal with is [[PER:Helen Marsh]], [[EM:helen.marsh@mpi.govt.nz]], and the audit is booked for October."),
    ("european-name", "Dr [[PER:Elizabeth Crane]] wants her clinic hours cut back to three days a week from July."),
    ("european-name other", "Mrs [[PER:Henderson]] rang to change her cake order from chocolate to carrot, pick-up is still Saturday."),
    ("european-name lowercase", "[[PER:sarah]] and [[PER:mike]] are off thurs so we need 2 casuals for the lunch rush"),
    ("european-name ird", "[[PER:Gemma Lockwood]] is contracting to us for the spring, IRD [[IRD:031-972-787]], she invoices monthly."),
    ("european-name bank", "Direct credit [[PER:Olivia Grant]]'s pay to [[BANK:38 9023 0711384 00]] from now on, she's closed her old account."),
    ("european-name dob", "[[PER:Greg Hollis]] born [[DOB:5th of June 1958]], retiring at the end of the year after 22 years with us."),
    ("european-name licence location", "Driver licence number [[DL:HJ550291]] version 004, that's [[PER:Liam Fraser]]'s, he's doing the [[LOC:Hamilton]] run."),
    ("european-name ird", "[[PER:Daniel Kowalski]] gave me his IRD number as [[IRD:28-875-193]] for the contractor schedule."),
    # --- word-names used as names ------------------------------------------
    ("word-name european-name mobile", "[[PER:Will Carter]] is doing the electrical, he will be on site at 8, his number is [[PH:027 318 4402]]."),
    ("word-name european-name", "[[PER:May Sullivan]] is away in May so someone else needs to do the stocktake this year."),
    ("word-name maori-name email", "[[PER:Hope Tawhiri]] does our social media, her email is [[EM:hope.tawhiri@outlook.com]], I hope she can do the Canva stuff too."),
    ("word-name pacific-name", "[[PER:Rose Leota]] said prices rose by 5% this quarter so the menu needs updating."),
    ("word-name european-name", "To be frank, [[PER:Frank Dempsey]] has been late with every delivery this month."),
    ("word-name lowercase", "[[PER:joy]] reckons the summer rush starts early this year, ask [[PER:joy]] for last year's numbers"),
    ("word-name asian-name", "[[PER:Summer Nguyen]] starts in the salon on Tuesday and will work through the summer holidays."),
    ("word-name pacific-name", "Please give [[PER:Grace Fifita]] a grace period of two weeks on her rent invoice, she's good for it."),
    ("word-name first-name-reuse european-name", "[[PER:Frank Whitmore]] from the freight company rang. [[PER:Frank]] says the container is held up at customs."),
    ("word-name maori-name landline", "[[PER:Joy Kereama]] at the depot answers [[PH:07 846 2210]] between 7 and 3 on weekdays."),
    ("word-name", "Can you ask [[PER:Will]] about the scaffold, he will know if it comes down on Friday or Monday."),
    ("word-name", "[[PER:Rose]] may need Thursday off, she asked if [[PER:May]] can cover the till in the afternoon."),
    ("word-name", "[[PER:Hope]] starts Monday and [[PER:Grace]] finishes Friday, so there's a week of overlap for training."),
    ("word-name lowercase", "can [[PER:summer]] do the sat shift? [[PER:will]] cant, hes at a wedding"),
    # --- phone numbers -----------------------------------------------------
    ("international mobile european-name", "If I'm overseas just text me on [[PH:+64 21 123 4567]], [[PER:Tom]] has the keys to the shop."),
    ("international mobile maori-name", "Our driver [[PER:Rangi]] uses WhatsApp, his number is [[PH:+64212470935]], message him for delivery times."),
    ("international mobile lowercase", "whatsapp me on [[PH:+6421 447 2093]] for the wholesale price list, im not on email much"),
    ("mobile", "For after-hours bookings text [[PH:0211234567]] and I'll get back to you first thing in the morning."),
    ("mobile", "New work phone for the van is [[PH:027 123 4567]], please update the Google Sheets contact list."),
    ("mobile", "Call the on-call plumber on [[PH:022 1234 567]] if the hot water goes again over the weekend."),
    ("mobile", "The old shop mobile was [[PH:021-123-4567]] and a few customers still text it, can we forward it?"),
    ("landline", "Reception is [[PH:(09) 123 4567]], press 2 for accounts and 3 for the workshop."),
    ("landline", "Our office line changed to [[PH:09 123 4567]] last month, the old one just rings out now."),
    ("freephone pacific-name", "Customers can ring [[PH:0800 123 456]] for warranty claims, it forwards to [[PER:Ana]]'s mobile after 5pm."),
    ("freephone", "Put [[PH:0508 123 456]] on the new flyers, that's the freephone for the booking line."),
    ("freephone", "The old number [[PH:0800 83 83 83]] is still on the van signage, we need to get that changed."),
    ("landline", "Ring [[PH:04-384 7721]] and ask for the accounts team, tell them it's about the overdue balance."),
    ("international location", "Our wool buyer in [[LOC:Australia]] is on [[PH:+61 412 555 018]], he only answers in the afternoon."),
    ("international landline", "From overseas they dial [[PH:+64 9 376 2210]] and the call comes straight through to the showroom."),
    ("mobile lowercase", "my cell is [[PH:029 881 4420]] if the eftpos dies again lol"),
    ("international mobile lowercase", "txt me on [[PH:+64 27 551 9034]] if ur running late, im at the markets all morning"),
    ("landline location", "The [[LOC:Christchurch]] office number is [[PH:(03) 366 9182]] and they open at 8:30."),
    ("mobile", "The spare phone is [[PH:020 4112 7789]], keep it charged for the courier drivers."),
    ("landline freephone", "Bookings are on [[PH:0800 462 771]] or the clinic landline [[PH:06 358 2290]], whichever the patient prefers."),
    # --- emails ------------------------------------------------------------
    ("email", "Send remittances to [[EM:accounts@tepuna-kai.co.nz]] not my personal email, it gets lost in there."),
    ("email", "The council inspector's email is [[EM:b.mckenzie@ccc.govt.nz]], cc him on the consent documents."),
    ("email lowercase maori-name", "emails for the roster go to [[EM:rosters@kiwicafe.nz]] and [[PER:tama]] checks it every morning"),
    ("email", "My personal one is [[EM:tane.h.builds@gmail.com]] but use the work address for anything with a PO number."),
    # --- street addresses --------------------------------------------------
    ("address", "Our workshop is at [[ADDR:12 Karaka Street, Ponsonby, Auckland 1011]], park out the back by the skip."),
    ("address", "Courier address is [[ADDR:Flat 3, 45 Tui Road, Mount Maunganui 3116]], knock loudly because the buzzer's broken."),
    ("address", "Mail the cheque to [[ADDR:PO Box 123, Nelson]], we don't get mail delivered to the shop."),
    ("address", "New site address: [[ADDR:88 Cuba Street, Te Aro, Wellington 6011]], fit-out starts 3 February."),
    ("address lowercase", "the job today is at [[ADDR:27 rimu st, riccarton, christchurch 8011]] bring the long ladder"),
    ("address long", "Quick one. The client moved house so the kitchen install is now at [[ADDR:5/19 Harbour View Road, Onerahi, Whangārei 0110]]. Same job number, same quote, just a longer drive. Can you update ServiceM8 and tell the boys we're leaving at 6:30 instead of 7?"),
    ("address", "Registered office is [[ADDR:Level 2, 140 Victoria Street West, Auckland Central, Auckland 1010]] according to the Companies Office form."),
    ("address", "Returns go to [[ADDR:PO Box 4471, Hamilton 3240]] with the RMA number written on the box."),
    ("address", "Invoice address is [[ADDR:221 Great South Road, Papakura 2110]] but deliveries go round the back."),
    ("address location", "We're shifting from [[LOC:Petone]] to [[ADDR:6 Seaview Road, Lower Hutt 5010]] at the end of the lease."),
    # --- IRD numbers -------------------------------------------------------
    ("ird", "For the GST registration, my IRD number is [[IRD:101-300-900]] and the business one is [[IRD:132-461-686]]."),
    ("ird lowercase", "ird number for the company is [[IRD:107061525]] if xero asks for it"),
    ("ird", "My IRD is [[IRD:58-255-769]], I'm a sole trader so it's the same number for GST."),
    ("ird", "IRD [[IRD:130-483-011]] belongs to the trust, not me, so invoice the trust for the fit-out."),
    ("ird", "The new casual's IRD number is [[IRD:148 602 492]], tax code SB because she's still at uni."),
    ("ird", "Can you check [[IRD:146322603]] is the right IRD number for the company before I send the GST return?"),
    ("ird bad-checksum", "My IRD number is [[IRD:65-086-983]], can you put that on the contractor form?"),
    ("ird bad-checksum", "her IRD number is [[IRD:107 107 187]] according to the payslip, the new payroll system says it's wrong though"),
    ("ird bad-checksum lowercase", "the contractor's ird number is [[IRD:017259162]] apparently, tax code WT at 20%"),
    ("ird european-name", "Payroll for [[PER:Ben Moffat]] needs updating, his IRD is [[IRD:101-819-906]] not the one on the old form."),
    # --- bank accounts -----------------------------------------------------
    ("bank", "Please pay into [[BANK:12-3456-0123456-00]] and use the invoice number as the reference."),
    ("bank", "Our business account is [[BANK:01 0242 0487112 00]] with ANZ, the old Kiwibank one is closed."),
    ("bank", "Wages come out of [[BANK:06-0517-0098823-00]] every Wednesday, make sure there's enough for 12 staff."),
    ("bank lowercase", "can u update the bank acc for the supplier to [[BANK:03-1702-0345129-000]] they changed banks"),
    ("bank", "Deposits for the Christmas functions go into [[BANK:11-7000-0289174-11]], the separate events account."),
    # --- NHI numbers -------------------------------------------------------
    ("nhi", "Her NHI is [[NHI:QFV0222]], can you check the referral came through from the GP?"),
    ("nhi", "NHI [[NHI:NAF07XQ]] for the new patient, he's booked with the hygienist next Tuesday."),
    ("nhi bad-checksum", "her NHI is [[NHI:SKW1485]] but the system keeps rejecting it, can someone check the paper form?"),
    ("nhi bad-checksum", "The NHI on the referral is [[NHI:YFP14AW]], I think the GP's office typed it wrong."),
    ("nhi lowercase", "nhi for the 10am is [[NHI:GZC06QV]], she's a new enrolment so no notes yet"),
    ("nhi", "Physio referral for NHI [[NHI:PNP83NJ]] and NHI [[NHI:EPX4628]], both are ACC claims from the same accident."),
    # --- driver licences ---------------------------------------------------
    ("licence", "Copy of the driver licence is on file, licence number [[DL:FA382716]], class 2, expires next year."),
    ("licence lowercase", "his licence number is [[DL:CW719034]] dont know the version sorry, its on the photo i sent"),
    # --- credit cards ------------------------------------------------------
    ("card", "Charge the deposit to [[CC:4409-1031-7764-6727]], expiry 11/26, and email the receipt."),
    ("card", "Customer read out their card as [[CC:5234 9184 3738 1718]] over the phone, is that safe to store in Shopify notes?"),
    ("card lowercase", "amex [[CC:3748 684431 80243]] for the corporate booking, 12 rooms for 2 nights"),
    ("card lowercase", "card number is [[CC:4211673420750961]] cvv on the back, pls run it for the $4,500"),
    ("card", "The card ending in 0772 was declined, the full number on the form is [[CC:5520 1463 2778 0772]]."),
    # --- IBAN --------------------------------------------------------------
    ("other", "Our German supplier wants payment to IBAN [[IBAN:DE54 2107 0024 0093 8172 64]], reference PO-8812."),
    ("other location", "The [[LOC:UK]] packaging company sent their bank details: [[IBAN:GB82MIDL40051572839104]], they invoice in pounds."),
    ("other location", "For the [[LOC:Netherlands]] order the IBAN is [[IBAN:NL16 RABO 0318 2736 45]], BIC RABONL2U."),
    ("other", "Irish distributor's IBAN is [[IBAN:IE29AIBK93115212345678]], can Xero do international payments?"),
    # --- IP addresses ------------------------------------------------------
    ("other", "The EFTPOS terminal is on [[IP:192.168.1.45]] and the receipt printer is [[IP:192.168.1.46]]."),
    ("other", "Someone kept trying to log into our Shopify admin from [[IP:203.97.114.22]], should I be worried?"),
    ("other lowercase", "the cctv box is at [[IP:10.0.0.15]] password is on the fridge in the staff room"),
    ("other", "Our website host whitelisted [[IP:202.36.178.9]] for the office, and the IPv6 one is [[IP:2404:4408:63a4:a100::1f]]."),
    # --- URLs --------------------------------------------------------------
    ("other", "Bookings are through [[URL:https://www.kaurikitchens.co.nz/book]] now, not the old Facebook page."),
    ("other", "Book a call with me at [[URL:https://calendly.com/aroha-ngata/30min]] and we'll go through the roster."),
    ("other", "Check the menu at [[URL:www.tepunacafe.co.nz]] before you order the catering for the staff do."),
    # --- dates of birth ----------------------------------------------------
    ("dob", "My date of birth is [[DOB:3 March 1978]], the bank needs it for the business loan application."),
    ("dob", "DOB [[DOB:03/03/1978]], that's mine, the insurance form wants the owner's details as well."),
    ("dob other", "Client's d.o.b. is [[DOB:1990-11-07]] per the ACC form, and the invoice is due 30 November."),
    # --- locations ---------------------------------------------------------
    ("location", "We deliver to [[LOC:Hastings]], [[LOC:Napier]] and [[LOC:Havelock North]] on Tuesdays, everywhere else is Thursday."),
    ("location", "Our second shop opened in [[LOC:Rotorua]] last year and it's already doing 120 orders a week."),
    ("location lowercase", "we're out in [[LOC:taupo]] this wk for the expo so replies will be slow"),
    ("location", "Most of our wool goes to [[LOC:China]] and [[LOC:India]], and a bit to [[LOC:Germany]] each spring."),
    ("location", "The [[LOC:Palmerston North]] warehouse is full so the overflow is going to [[LOC:Whanganui]]."),
    ("location emoji", "Just got back from [[LOC:Queenstown]] 🏔️ three weddings in four days, invoices going out tomorrow 😅"),
    ("location", "Supplies come up from [[LOC:Canterbury]] and [[LOC:Otago]] by truck every second Monday."),
    ("location", "We're a family business from [[LOC:Gisborne]], been doing kiwifruit packing since 1987."),
    ("location", "Road's closed between [[LOC:Blenheim]] and [[LOC:Kaikōura]] so the freight is a day late."),
    ("location", "We've got three vans covering [[LOC:Manukau]], [[LOC:Papakura]] and [[LOC:Pukekohe]], plus one for call-outs."),
    # --- long / rambling ---------------------------------------------------
    ("long maori-name lowercase mobile", "ok so basically how it works is [[PER:Aroha]] takes the orders off facebook in the morning, then she puts them in the google sheet and [[PER:Rangi Walker]] packs them after lunch. if somethings wrong customers ring [[PH:021 909 4471]] which is the shop mobile. [[PER:Rangi]] does the courier booking at 3."),
    ("long pacific-name email first-name-reuse", "Sorry for the essay. We've got about 14 staff across two cafés. [[PER:Losa Taufa]] is head chef at the [[LOC:Newtown]] one and [[PER:Losa]] writes the roster every Sunday night in Deputy. Payroll questions go to [[EM:payroll@tauhikacafes.co.nz]]. I do the ordering myself and reconcile in Xero on Mondays."),
    ("long european-name address first-name-reuse", "Right, so the situation with the [[PER:Harris]] job: [[PER:Dave Harris]] wants the deck finished before Christmas, the address is [[ADDR:9 Pōhutukawa Drive, Waihi Beach 3611]], and he's already paid 50% up front. [[PER:Dave]] reckons the council consent is sorted but I haven't seen it. Can you chase it?"),
    ("long asian-name bank first-name-reuse", "Hi there, new supplier setup please. Company contact is [[PER:Jin-woo Park]], phone [[PH:09 580 2274]], bank account [[BANK:12-3082-0711923-00]]. [[PER:Jin-woo]] says they invoice on the 20th with 30 day terms and GST is included. They're doing our packaging from next month."),
    ("long maori-name nhi mobile", "Clinic update for the team: [[PER:Wiremu Ngata]] (NHI [[NHI:CNS77HD]]) cancelled again, that's the third time. Can someone ring his daughter [[PER:Hana]] on [[PH:021 448 2906]] and see if transport is the problem? Otherwise we'll discharge back to the GP."),
    ("long european-name dob address", "Owner details for the lease: [[PER:Simon Ashby]], DOB [[DOB:14/02/1975]], home address [[ADDR:33 Kahikatea Lane, Rototuna, Hamilton 3210]]. The landlord also wants two references and six months of bank statements, which I'll pull from the banking app tonight."),
    ("long asian-name email landline", "So the dental side works like this: Dr [[PER:Anil Varma]] does Monday to Thursday, the hygienist does Fridays, and all the recall letters go out from [[EM:reception@smilebright.co.nz]]. If a patient can't get through online they ring [[PH:07 571 3390]] and [[PER:Anil]]'s nurse books them in."),
    ("long european-name emoji card", "ugh ok another one for the list 😩 [[PER:Chloe Bennett]] booked the function room for 60 people, paid the deposit on [[CC:4064 1003 7908 8969]] and wants vegan options for about a third. [[PER:Chloe]] also asked about a bar tab capped at $1,500."),
    ("long pacific-name international bank", "We pay our [[LOC:Fiji]] crew fortnightly. [[PER:Tevita Naivalu]] is the supervisor, his bank account here is [[BANK:02-1248-0439921-000]] and his family's number back home is [[PH:+679 992 4417]]. [[PER:Tevita]] sorts the hours on a paper timesheet which I type into Xero."),
    ("long asian-name location ird", "About the new hire, [[PER:Rohan Gupta]] is moving up from [[LOC:Invercargill]] to run the kitchen. IRD number [[IRD:93-539-699]], starts the 1st, 38 hours a week, and [[PER:Rohan]] wants to be paid weekly rather than fortnightly if the system can handle it."),
    # --- negatives (no personal information) ---------------------------------
    ("negative", "We use Xero for invoicing and MYOB for payroll, which is a pain at the end of every month."),
    ("negative", "Invoice INV-20431 for $4,500 plus GST is overdue by 14 days, should I send a reminder?"),
    ("negative", "The head chef works 30 hours a week and the kitchen hands do about 20 each."),
    ("negative word-name", "We will need to order 120 boxes before Friday or we'll run out over the long weekend."),
    ("negative word-name", "Customers get a grace period of 7 days before we add the late fee to their account."),
    ("negative word-name", "Prices rose by 5% in March so we're putting the menu up in April."),
    ("negative word-name", "To be frank, the ServiceM8 scheduling has saved me about five hours a week."),
    ("negative word-name", "I hope the new Shopify theme fixes the checkout issue we had last week."),
    ("negative word-name", "It may be worth switching to Tradify if the quoting is faster than what we do now."),
    ("negative word-name", "May is always our quietest month, then it picks up again in the school holidays."),
    ("negative word-name", "Will need to check with the practice manager before we change the booking system."),
    ("negative word-name", "The summer rush usually starts in late November and goes right through to February."),
    ("negative word-name", "Staff get real joy out of the Friday shared lunch, it's good for morale."),
    ("negative", "Order #10452 was shipped on Tuesday, 3 of 4 items, the rest is on backorder."),
    ("negative", "Our GST is filed two-monthly and we use the payments basis, the accountant handles it."),
    ("negative", "SKU KR-2041 and KR-2042 are the best sellers, about 60 units a week each."),
    ("negative", "The roster in Deputy goes out on Thursday at 5pm for the following week."),
    ("negative", "We charge $95 an hour plus materials, with a $65 call-out fee on weekends."),
    ("negative", "The office manager does the bank reconciliation every Monday morning in Xero."),
    ("negative other", "We upgraded to version 4.2 of the POS software and now the receipts print twice."),
    ("negative", "Quote Q-2291 was accepted, deposit is 30% and the balance is due on completion."),
    ("negative", "Our Canva templates for the menu boards need updating before the winter menu launches."),
    ("negative", "Meetings happen on Teams every second Wednesday at 9:30, usually about half an hour."),
    ("negative", "I track all the job costs in Google Sheets because the Xero tracking categories confused me."),
    ("negative", "We went from 3 staff in 2019 to 11 staff in 2024, mostly part-timers and students."),
    ("negative", "Purchase order PO-88213 covers 40 litres of cleaning product and 200 rolls of paper towel."),
    ("negative", "Outlook keeps putting supplier invoices in the junk folder, I've missed two this month."),
    ("negative lowercase", "the apprentices do 40 hrs a week and get paid fortnightly on a thursday"),
    ("negative", "Margins on the catering side are about 28% but the café is closer to 12%."),
    ("negative", "Can the chatbot answer questions about opening hours, 7am to 3pm weekdays and 8am to 2pm weekends?"),
    ("negative", "We stock about 350 product lines and the reorder point is usually two weeks of sales."),
    ("negative word-name", "Frankly the biggest time sink is chasing unpaid invoices, it takes me a whole day a month."),
    ("negative word-name", "Rose gold is our best-selling colour for the phone cases this year, then black."),
    ("negative other", "The courier tracking number was 8841 2297 5530 but the parcel still hasn't arrived."),
    ("negative", "Our KiwiSaver contributions are 3% employer, and ACC levies came to $1,870 this year."),
    ("negative", "Job 4471 needs two more hours of labour and a new 20 amp breaker from the wholesaler."),
    ("negative", "Appointments are 15 minutes for a standard consult and 30 minutes for a long one."),
    ("negative", "The practice manager wants the reminder texts sent 48 hours before each appointment."),
    ("negative", "We export the MYOB data as a CSV and upload it to the shared drive every Friday afternoon."),
    ("negative word-name", "Hope that makes sense, happy to explain more about how the stocktake works."),
    ("negative", "Sales were $38,200 in October, up from $31,900 the same month last year."),
    ("negative", "Table bookings drop off after 8:30pm so we close the kitchen at 9 most nights."),
    ("negative emoji lowercase", "i just want something that drafts the quotes for me, the rest i can handle 🙏"),
    ("negative", "We bill on the 1st of the month, net 20, and about a third of clients pay late."),
    ("negative", "Our Shopify store has 1,240 products and we add about 30 new ones each season."),
    ("negative", "The head chef and the sous chef both do the stock ordering, which causes double-ups."),
    ("negative other", "Batch 2024-117 failed the temperature check so we binned 18 trays of chicken."),
    ("negative word-name", "We will probably drop the Tuesday night shift over winter, it's too quiet."),
    ("negative", "The booking fee is 2.5% on card payments and free for bank transfer."),
    ("negative", "Staff training is every Monday at 7:45am for 15 minutes before we open the doors."),
    ("negative", "I'd like the assistant to summarise yesterday's Tradify jobs and flag any that ran over budget."),
    ("negative", "Version 2 of the price list goes live on 1 July, with a 4% increase across the board."),
    ("negative", "Our Google reviews average 4.7 stars from 312 reviews, mostly about the coffee."),
    ("negative", "We run a bilingual menu in te reo Māori and English, and update it every season."),
    ("negative word-name", "Business has been a real joy since we moved to online bookings, no more double-ups."),
    ("negative word-name", "Our costs rose sharply after the power price increase, so we may trim the opening hours."),
    ("negative other", "Credit terms are 30 days, the overdraft limit is $20,000 and the loan is at 8.9%."),
    ("negative emoji", "Finally hit 500 orders this month 🎉 now I need a better way to do the packing slips."),
]
# fmt: on

MARK = re.compile(r"\[\[([A-Z]+):(.+?)\]\]")

NHI_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # A=1 .. Z=24, no I or O


def ird_valid(value: str) -> bool:
    """NZ IRD number check: 8 or 9 digits, 10,000,000-150,000,000, mod-11 check digit."""
    digits = re.sub(r"\D", "", value)
    if not 8 <= len(digits) <= 9 or not 10_000_000 <= int(digits) <= 150_000_000:
        return False
    d = [int(c) for c in digits.zfill(9)]

    def check(weights: list[int]) -> int:
        r = sum(a * b for a, b in zip(d[:8], weights, strict=True)) % 11
        return 0 if r == 0 else 11 - r

    c = check([3, 2, 7, 6, 5, 4, 3, 2])
    if c == 10:
        c = check([7, 4, 3, 2, 5, 2, 7, 6])
        if c == 10:
            return False
    return c == d[8]


def nhi_valid(value: str) -> bool:
    """NHI check for the old (AAANNNC, mod 11) and new (AAANNAX, mod 23) formats."""
    letters = "[A-HJ-NP-Z]"
    old = re.fullmatch(f"{letters}{{3}}\\d{{4}}", value)
    new = re.fullmatch(f"{letters}{{3}}\\d{{2}}{letters}{{2}}", value)
    if not (old or new):
        return False
    vals = [NHI_LETTERS.index(c) + 1 if c.isalpha() else int(c) for c in value[:6]]
    total = sum(v * w for v, w in zip(vals, [7, 6, 5, 4, 3, 2], strict=True))
    if old:
        r = total % 11
        if r == 0:
            return False
        return str((11 - r) % 10) == value[6]
    return NHI_LETTERS[23 - total % 23 - 1] == value[6]


def luhn_valid(value: str) -> bool:
    digits = [int(c) for c in re.sub(r"\D", "", value)][::-1]
    total = sum(x if i % 2 == 0 else (2 * x - 9 if x > 4 else 2 * x) for i, x in enumerate(digits))
    return total % 10 == 0


def iban_valid(value: str) -> bool:
    s = value.replace(" ", "")
    return int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def parse(marked: str) -> tuple[str, list[dict[str, Any]]]:
    """Strip [[CODE:value]] markup and return plain text plus entity spans."""
    out: list[str] = []
    entities: list[dict[str, Any]] = []
    pos = 0
    length = 0
    for m in MARK.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        code, value = m.group(1), m.group(2)
        if code not in CODES:
            raise ValueError(f"unknown code {code!r} in {marked!r}")
        entities.append(
            {"type": CODES[code], "start": length, "end": length + len(value), "value": value}
        )
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise ValueError(f"stray markup in {marked!r}")
    return text, entities


def build() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    seen_texts: set[str] = set()
    for i, (tag_str, marked) in enumerate(CASES, start=1):
        tags = tag_str.split()
        unknown = set(tags) - TAGS
        if unknown or not 1 <= len(tags) <= 4:
            raise ValueError(f"bad tags {tags} in case {i}")
        text, entities = parse(marked)
        if text in seen_texts:
            raise ValueError(f"duplicate text in case {i}")
        seen_texts.add(text)
        if ("negative" in tags) != (not entities):
            raise ValueError(f"negative tag mismatch in case {i}")
        if not 8 <= len(text.split()) <= 60:
            raise ValueError(f"case {i} is not 8-60 words")
        has_bad = False
        for e in entities:
            value = str(e["value"])
            assert text[e["start"] : e["end"]] == value
            if e["type"] == "NZ_IRD_NUMBER":
                has_bad |= not ird_valid(value)
            elif e["type"] == "NZ_NHI_NUMBER":
                has_bad |= not nhi_valid(value)
            elif e["type"] == "CREDIT_CARD" and not luhn_valid(value):
                raise ValueError(f"card fails Luhn in case {i}")
            elif e["type"] == "IBAN_CODE" and not iban_valid(value):
                raise ValueError(f"IBAN fails mod 97 in case {i}")
        if has_bad != ("bad-checksum" in tags):
            raise ValueError(f"bad-checksum tag does not match the numbers in case {i}")
        records.append({"id": f"nz-{i:03d}", "text": text, "entities": entities, "tags": tags})
    return records


def main() -> None:
    records = build()
    with OUT.open("w", encoding="utf-8", newline="\n") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {OUT}")


if __name__ == "__main__":
    main()
