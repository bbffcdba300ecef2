// ---- kernel0: r1:cc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r1 = arith.divsi %row, %tiles : i64
    %i0 = arith.remsi %r1, %size0 : i64
    %r0 = arith.divsi %r1, %size0 : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %nrow = arith.addi %row, %c1 : i64
    %nt = arith.remsi %nrow, %tiles : i64
    %nr1 = arith.divsi %nrow, %tiles : i64
    %ni0 = arith.remsi %nr1, %size0 : i64
    %nr0 = arith.divsi %nr1, %size0 : i64
    %ntstart = arith.muli %nt, %tile : i64
    %ntb0 = arith.muli %ntstart, %istride0 : i64
    %nob0_0 = arith.muli %ni0, %ostride0_0 : i64
    %nbase0_0 = arith.addi %ntb0, %nob0_0 : i64
    %nbase0 = arith.addi %nbase0_0, %c0 : i64
    %ntb1 = arith.muli %ntstart, %istride1 : i64
    %nob1_0 = arith.muli %ni0, %ostride1_0 : i64
    %nbase1_0 = arith.addi %ntb1, %nob1_0 : i64
    %nbase1 = arith.addi %nbase1_0, %c0 : i64
    %v8 = arith.constant 0xFF800000 : f32
    %v9 = vector.broadcast %v8 : f32 to vector<64xf32>
    %v12 = arith.constant dense<false> : vector<64xi1>
    %v11:2 = scf.for %v10 = %c0 to %vend64 step %cw64 iter_args(%v10_acc0 = %v9, %v10_nan0 = %v12) -> (vector<64xf32>, vector<64xi1>) : i64 {
      %v14 = arith.addi %base0, %v10 : i64
      %v15 = llvm.getelementptr %ptr0[%v14] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v13 = llvm.load %v15 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v17 = arith.cmpf ogt, %v13, %v10_acc0 : vector<64xf32>
      %v18 = arith.cmpf uno, %v13, %v13 : vector<64xf32>
      %v16 = arith.select %v17, %v13, %v10_acc0 : vector<64xi1>, vector<64xf32>
      %v19 = arith.ori %v10_nan0, %v18 : vector<64xi1>
      scf.yield %v16, %v19 : vector<64xf32>, vector<64xi1>
    }
    %v20 = arith.constant 0x7FC00000 : f32
    %v21 = vector.broadcast %v20 : f32 to vector<64xf32>
    %v22 = arith.select %v11#1, %v21, %v11#0 : vector<64xi1>, vector<64xf32>
    %v23 = vector.reduction <maximumf>, %v22 : vector<64xf32> into f32
    %v24 = arith.maximumf %v8, %v23 : f32
    %v25 = vector.broadcast %v8 : f32 to vector<16xf32>
    %v28 = arith.constant dense<false> : vector<16xi1>
    %v27:2 = scf.for %v26 = %vend64 to %vend16 step %cw16 iter_args(%v26_acc0 = %v25, %v26_nan0 = %v28) -> (vector<16xf32>, vector<16xi1>) : i64 {
      %v30 = arith.addi %base0, %v26 : i64
      %v31 = llvm.getelementptr %ptr0[%v30] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v29 = llvm.load %v31 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v33 = arith.cmpf ogt, %v29, %v26_acc0 : vector<16xf32>
      %v34 = arith.cmpf uno, %v29, %v29 : vector<16xf32>
      %v32 = arith.select %v33, %v29, %v26_acc0 : vector<16xi1>, vector<16xf32>
      %v35 = arith.ori %v26_nan0, %v34 : vector<16xi1>
      scf.yield %v32, %v35 : vector<16xf32>, vector<16xi1>
    }
    %v36 = arith.constant 0x7FC00000 : f32
    %v37 = vector.broadcast %v36 : f32 to vector<16xf32>
    %v38 = arith.select %v27#1, %v37, %v27#0 : vector<16xi1>, vector<16xf32>
    %v39 = vector.reduction <maximumf>, %v38 : vector<16xf32> into f32
    %v40 = arith.maximumf %v24, %v39 : f32
    %v42:1 = scf.for %v41 = %vend16 to %len step %c1 iter_args(%v41_acc0 = %v40) -> (f32) : i64 {
      %v44 = arith.addi %base0, %v41 : i64
      %v45 = llvm.getelementptr %ptr0[%v44] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v43 = llvm.load %v45 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v47 = arith.cmpf ogt, %v43, %v41_acc0 : f32
      %v48 = arith.cmpf uno, %v43, %v43 : f32
      %v49 = arith.select %v47, %v43, %v41_acc0 : f32
      %v46 = arith.select %v48, %v43, %v49 : f32
      scf.yield %v46 : f32
    }
    %v50 = arith.constant 0x00000000 : f32
    %v51 = vector.broadcast %v50 : f32 to vector<64xf32>
    %v53:1 = scf.for %v52 = %c0 to %vend64 step %cw64 iter_args(%v52_acc0 = %v51) -> (vector<64xf32>) : i64 {
      %v54 = arith.addi %nbase0, %v52 : i64
      %v55 = llvm.getelementptr %ptr0[%v54] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v55) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v59 = arith.constant 16 : i64
      %v58 = arith.addi %v52, %v59 : i64
      %v56 = arith.addi %nbase0, %v58 : i64
      %v57 = llvm.getelementptr %ptr0[%v56] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v57) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v63 = arith.constant 32 : i64
      %v62 = arith.addi %v52, %v63 : i64
      %v60 = arith.addi %nbase0, %v62 : i64
      %v61 = llvm.getelementptr %ptr0[%v60] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v61) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v67 = arith.constant 48 : i64
      %v66 = arith.addi %v52, %v67 : i64
      %v64 = arith.addi %nbase0, %v66 : i64
      %v65 = llvm.getelementptr %ptr0[%v64] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v65) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v68 = arith.addi %nbase1, %v52 : i64
      %v69 = llvm.getelementptr %ptr1[%v68] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v69) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v73 = arith.constant 16 : i64
      %v72 = arith.addi %v52, %v73 : i64
      %v70 = arith.addi %nbase1, %v72 : i64
      %v71 = llvm.getelementptr %ptr1[%v70] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v71) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v77 = arith.constant 32 : i64
      %v76 = arith.addi %v52, %v77 : i64
      %v74 = arith.addi %nbase1, %v76 : i64
      %v75 = llvm.getelementptr %ptr1[%v74] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v75) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v81 = arith.constant 48 : i64
      %v80 = arith.addi %v52, %v81 : i64
      %v78 = arith.addi %nbase1, %v80 : i64
      %v79 = llvm.getelementptr %ptr1[%v78] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v79) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v83 = arith.addi %base0, %v52 : i64
      %v84 = llvm.getelementptr %ptr0[%v83] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v82 = llvm.load %v84 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v85 = vector.broadcast %v42#0 : f32 to vector<64xf32>
      %v86 = arith.subf %v82, %v85 fastmath<contract> : vector<64xf32>
      %v87 = math.exp %v86 : vector<64xf32>
      %v88 = arith.addf %v52_acc0, %v87 fastmath<contract> : vector<64xf32>
      scf.yield %v88 : vector<64xf32>
    }
    %v89 = vector.reduction <add>, %v53#0 : vector<64xf32> into f32
    %v90 = arith.addf %v50, %v89 : f32
    %v91 = vector.broadcast %v50 : f32 to vector<16xf32>
    %v93:1 = scf.for %v92 = %vend64 to %vend16 step %cw16 iter_args(%v92_acc0 = %v91) -> (vector<16xf32>) : i64 {
      %v94 = arith.addi %nbase0, %v92 : i64
      %v95 = llvm.getelementptr %ptr0[%v94] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v95) <{cache = 1 : i32, hint = 3 : i32, rw = 0 : i32}> : (!llvm.ptr) -> ()
      %v96 = arith.addi %nbase1, %v92 : i64
      %v97 = llvm.getelementptr %ptr1[%v96] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      "llvm.intr.prefetch"(%v97) <{cache = 1 : i32, hint = 3 : i32, rw = 1 : i32}> : (!llvm.ptr) -> ()
      %v99 = arith.addi %base0, %v92 : i64
      %v100 = llvm.getelementptr %ptr0[%v99] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v98 = llvm.load %v100 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v101 = vector.broadcast %v42#0 : f32 to vector<16xf32>
      %v102 = arith.subf %v98, %v101 fastmath<contract> : vector<16xf32>
      %v103 = math.exp %v102 : vector<16xf32>
      %v104 = arith.addf %v92_acc0, %v103 fastmath<contract> : vector<16xf32>
      scf.yield %v104 : vector<16xf32>
    }
    %v105 = vector.reduction <add>, %v93#0 : vector<16xf32> into f32
    %v106 = arith.addf %v90, %v105 : f32
    %v108:1 = scf.for %v107 = %vend16 to %len step %c1 iter_args(%v107_acc0 = %v106) -> (f32) : i64 {
      %v110 = arith.addi %base0, %v107 : i64
      %v111 = llvm.getelementptr %ptr0[%v110] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v109 = llvm.load %v111 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v112 = arith.subf %v109, %v42#0 fastmath<contract> : f32
      %v113 = math.exp %v112 : f32
      %v114 = arith.addf %v107_acc0, %v113 fastmath<contract> : f32
      scf.yield %v114 : f32
    }
    %v115 = math.log %v108#0 : f32
    scf.for %v116 = %c0 to %vend16 step %cw16 : i64 {
      %v119 = arith.addi %base0, %v116 : i64
      %v120 = llvm.getelementptr %ptr0[%v119] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v118 = llvm.load %v120 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v121 = vector.broadcast %v42#0 : f32 to vector<16xf32>
      %v122 = arith.subf %v118, %v121 fastmath<contract> : vector<16xf32>
      %v123 = vector.broadcast %v115 : f32 to vector<16xf32>
      %v124 = arith.subf %v122, %v123 fastmath<contract> : vector<16xf32>
      %v125 = arith.addi %base1, %v116 : i64
      %v126 = llvm.getelementptr %ptr1[%v125] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v124, %v126 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v127 = %vend16 to %len step %c1 : i64 {
      %v130 = arith.addi %base0, %v127 : i64
      %v131 = llvm.getelementptr %ptr0[%v130] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v129 = llvm.load %v131 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v132 = arith.subf %v129, %v42#0 fastmath<contract> : f32
      %v133 = arith.subf %v132, %v115 fastmath<contract> : f32
      %v134 = arith.addi %base1, %v127 : i64
      %v135 = llvm.getelementptr %ptr1[%v134] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v133, %v135 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
